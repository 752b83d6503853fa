from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, created_column, id_column, org_column


class Bot(Base):
    """A chatbot (Watbot's ``bot_id``); a contact may have come from one."""

    __tablename__ = "bots"
    __table_args__ = (
        Index("ix_bots_org_id_id", "org_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = created_column()
