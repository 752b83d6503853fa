from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, created_column, org_column


class ContactTag(Base):
    """A tag on a contact."""

    __tablename__ = "contact_tags"
    __table_args__ = (Index("ix_contact_tags_tag_id_contact_id", "tag_id", "contact_id"),)

    contact_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = org_column()
    created_at: Mapped[datetime] = created_column()
