from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column

_LIVE = text("deleted_at IS NULL")
MESSENGER_ID_COLUMNS = ("telegram_id", "viber_id", "vk_id")


class Contact(Base):
    """A person, as every dialect sees them. Phones, tags and field values hang off it."""

    __tablename__ = "contacts"
    __table_args__ = (
        # Lists, pages and counts read live contacts only: these hold no deleted one, so a
        # count or a deep page reads the index alone (migration 0004 has the numbers).
        Index("ix_contacts_org_id_id", "org_id", "id", sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index(
            "ix_contacts_org_id_base_id_id",
            "org_id",
            "base_id",
            "id",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        Index(
            "ix_contacts_org_id_bot_id_id",
            "org_id",
            "bot_id",
            "id",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        Index("ix_contacts_org_id_external_code", "org_id", "external_code"),
        # GET /duplicates groups live contacts by folded e-mail (migration 0012).
        Index(
            "ix_contacts_org_id_email_folded",
            "org_id",
            "email_folded",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # Live only (migration 0016): a span of creation times is counted on it alone.
        Index(
            "ix_contacts_org_id_created_at",
            "org_id",
            "created_at",
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        # Watbot's createOrUpdateContact finds a contact by its messenger id: without these a
        # lookup walked the organization (migration 0008). Partial: most contacts have none.
        *(
            Index(
                f"ix_contacts_org_id_{column}",
                "org_id",
                column,
                sqlite_where=text(f"{column} IS NOT NULL"),
                postgresql_where=text(f"{column} IS NOT NULL"),
            )
            for column in MESSENGER_ID_COLUMNS
        ),
        # The server's purge of contacts past their restore window (migration 0011): deleted
        # contacts are few, the index holds them only.
        Index(
            "ix_contacts_deleted_at",
            "deleted_at",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    # TWIN addresses clients by UUID strings; every contact has one from birth.
    uuid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    org_id: Mapped[int] = org_column()
    name: Mapped[str | None] = mapped_column(String(500), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    www: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    external_code: Mapped[str | None] = mapped_column(String(255), nullable=True)
    base_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("contact_bases.id", ondelete="SET NULL"), nullable=True
    )
    bot_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("bots.id", ondelete="SET NULL"), nullable=True
    )
    messenger: Mapped[str | None] = mapped_column(String(32), nullable=True)
    telegram_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    telegram_username: Mapped[str | None] = mapped_column(String(255), nullable=True)
    viber_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    vk_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    utm_source: Mapped[str | None] = mapped_column(String(500), nullable=True)
    utm_medium: Mapped[str | None] = mapped_column(String(500), nullable=True)
    utm_campaign: Mapped[str | None] = mapped_column(String(500), nullable=True)
    utm_term: Mapped[str | None] = mapped_column(String(500), nullable=True)
    utm_content: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Case-folded name, e-mail and external code: one portable column for text search.
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The e-mail folded as the search text folds it (core/search_text.py), NULL without one.
    email_folded: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    # An erased contact is a tombstone: its id, uuid, organization and times, nothing of the
    # person (core/contacts/erase.py). Never purged, never restored.
    erased_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
