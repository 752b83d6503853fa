from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column


class ContactList(Base):
    """A black or white list of numbers (Plusofon). A number on any black list is blocked."""

    __tablename__ = "contact_lists"
    __table_args__ = (
        Index("ix_contact_lists_org_id_id", "org_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    type: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)


class ContactListEntry(Base):
    """A named entry of a list; its numbers are in ``contact_list_phones``."""

    __tablename__ = "contact_list_entries"
    __table_args__ = (
        Index("ix_contact_list_entries_list_id_position", "list_id", "position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    list_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contact_lists.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(500), nullable=False)


class ContactListPhone(Base):
    """A number of a list entry; ``list_type`` is copied here so "blocked?" is one index probe."""

    __tablename__ = "contact_list_phones"
    __table_args__ = (
        Index("ix_contact_list_phones_org_id_e164", "org_id", "e164"),
        Index("ix_contact_list_phones_entry_id_position", "entry_id", "position"),
        Index("ix_contact_list_phones_list_id", "list_id"),
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    list_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contact_lists.id", ondelete="CASCADE"), nullable=False
    )
    entry_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contact_list_entries.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    list_type: Mapped[str] = mapped_column(String(16), nullable=False)
    raw: Mapped[str] = mapped_column(String(64), nullable=False)
    e164: Mapped[str] = mapped_column(String(32), nullable=False)
