from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, created_column, org_column


class ContactAlias(Base):
    """An absorbed contact's id, UUID and external code, answering the contact it was merged
    into: a stored reference keeps working through every dialect (core/contacts/merge.py). No
    foreign key on the alias: the absorbed row is purged like any deleted contact; the alias,
    with the code it had, stays (an erase clears the code)."""

    __tablename__ = "contact_aliases"
    __table_args__ = (
        Index("ix_contact_aliases_contact_id", "contact_id"),
        Index("ix_contact_aliases_org_id_alias_code", "org_id", "alias_code"),
    )

    alias_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    alias_uuid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    alias_code: Mapped[str | None] = mapped_column(String(255), nullable=True)
    org_id: Mapped[int] = org_column()
    contact_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = created_column()
