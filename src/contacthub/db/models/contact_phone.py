from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, id_column, org_column


class ContactPhone(Base):
    """One of a contact's numbers: as given (``raw``), its remark and its E.164 form."""

    __tablename__ = "contact_phones"
    __table_args__ = (
        Index("ix_contact_phones_contact_id_position", "contact_id", "position"),
        Index("ix_contact_phones_org_id_e164", "org_id", "e164"),
        # An export's phone columns are the highest slot in use: one seek here (migration 0008)
        # instead of counting every contact's phones (1 s at 1M contacts, on the event loop).
        # Partial, so that no other statement can use it: on (org_id, position) SQLite walked
        # the organization's phones to answer one contact's "ORDER BY position".
        Index(
            "ix_contact_phones_org_id_position",
            "org_id",
            "position",
            sqlite_where=text("position > 0"),
            postgresql_where=text("position > 0"),
        ),
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    contact_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    raw: Mapped[str] = mapped_column(String(64), nullable=False)
    remark: Mapped[str | None] = mapped_column(String(500), nullable=True)
    e164: Mapped[str] = mapped_column(String(32), nullable=False)
