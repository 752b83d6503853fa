from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, created_column, id_column, org_column


class Tag(Base):
    """A label, unique by name within an organization."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("org_id", "name"), {"sqlite_autoincrement": True})

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = created_column()
