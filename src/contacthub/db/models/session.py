from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column


class UserSession(Base):
    """One token pair of a login (TWIN's bearer token and its refresh token), both kept only as
    hashes. A login's first pair has no parent; each renewal adds the pair that follows one."""

    __tablename__ = "user_sessions"
    __table_args__ = (
        Index("ix_user_sessions_family_id", "family_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    family_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("session_families.id", ondelete="CASCADE"), nullable=False
    )
    # The pair this one renewed: unique, so a pair is renewed at most once.
    parent_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("user_sessions.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    # Random hex the renewal derived this pair from, with the parent's refresh token
    # (core/sessions.py); alone it derives nothing.
    seed: Mapped[str | None] = mapped_column(String(64), nullable=True)
    access_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    refresh_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    access_expires_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    refresh_expires_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    created_at: Mapped[datetime] = created_column()
    # When its refresh token was first used; it may be presented again for a short grace.
    rotated_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
