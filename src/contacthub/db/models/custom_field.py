from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column


class CustomField(Base):
    """A named field of contacts: Watbot's variable and TWIN's client attribute are this."""

    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("org_id", "name"), {"sqlite_autoincrement": True})

    id: Mapped[int] = id_column()
    uuid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    org_id: Mapped[int] = org_column()
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = created_column()


class FieldValue(Base):
    """A contact's value of a custom field (always a string, as both vendors keep it)."""

    __tablename__ = "field_values"
    __table_args__ = (Index("ix_field_values_field_id", "field_id"),)

    contact_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    field_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("custom_fields.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = org_column()
    value: Mapped[str] = mapped_column(Text, nullable=False)
    # Watbot's flag: whether the chatbot's user may delete this value.
    deletable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
