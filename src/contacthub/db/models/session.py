from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column


class UserSession(Base):
    """A login of a user (TWIN's bearer token and its refresh token), both kept only as hashes."""

    __tablename__ = "user_sessions"
    __table_args__ = (
        Index("ix_user_sessions_user_id", "user_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    access_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    refresh_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    access_expires_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    refresh_expires_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    created_at: Mapped[datetime] = created_column()
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
