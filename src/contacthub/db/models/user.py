from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, created_column, id_column, org_column


class User(Base):
    """A person who logs in (TWIN) and is listed by the dialer (Obzvonilka)."""

    __tablename__ = "users"
    __table_args__ = (
        Index("ix_users_org_id_id", "org_id", "id"),
        # Unique per organization only: a global rule told one organization that an address
        # had an account in another (migration 0006). Logins look the e-mail up across them.
        UniqueConstraint("org_id", "email"),
        Index("ix_users_email", "email"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    email: Mapped[str] = mapped_column(String(320), nullable=False)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    account_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = created_column()
