from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column


class SessionFamily(Base):
    """A login of a user: every token pair renewed from it belongs to it and ends with it
    (a logout, a reused refresh token, a password change)."""

    __tablename__ = "session_families"
    __table_args__ = (
        Index("ix_session_families_user_id", "user_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = created_column()
    ended_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    # logout, reuse or password (core/session_families.py): why it ended, for whoever asks later.
    end_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
