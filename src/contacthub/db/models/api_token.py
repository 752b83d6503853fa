from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, Timestamp, created_column, id_column, org_column


class ApiToken(Base):
    """An organization's API key. Only a SHA-256 of the secret is kept; the secret is shown once."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        Index("ix_api_tokens_org_id_id", "org_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    label: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    # The first characters of the secret, so a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = created_column()
    last_used_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)
