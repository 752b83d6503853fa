from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, Timestamp


class LoginAttempt(Base):
    """Failed logins per key (an account or a client address) in the current window.

    In the database, not in memory, so several API workers share one count.
    """

    __tablename__ = "login_attempts"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    failures: Mapped[int] = mapped_column(Integer, nullable=False)
