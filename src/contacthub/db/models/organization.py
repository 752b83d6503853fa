from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, created_column, id_column


class Organization(Base):
    """A tenant: every other row belongs to exactly one organization."""

    __tablename__ = "organizations"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = id_column()
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = created_column()
