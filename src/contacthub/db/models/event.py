"""The change feed's outbox: one row per change, written in the change's own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, created_column


class Event(Base):
    """A change: what (``type``, ``payload`` with the fields' before and after), about which
    contact, who made it (dialect, token or user, request id) and when.

    ``seq`` is the organization's cursor: it is taken from ``event_counters`` in the writing
    transaction, so within an organization it grows in commit order without gaps (core/outbox.py).
    ``contact_id`` has no foreign key: the history outlives a purged contact (an erase scrubs it).
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_org_id_contact_id_seq", "org_id", "contact_id", "seq"),
        Index("ix_events_created_at", "created_at"),
    )

    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(40), nullable=False)
    contact_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    payload: Mapped[str] = mapped_column(Text, nullable=False)  # a JSON object
    dialect: Mapped[str] = mapped_column(String(20), nullable=False)
    token_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    user_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = created_column()


class EventCounter(Base):
    """The last ``seq`` an organization's events took. Its row is updated by every writing
    transaction that has events, just before it commits: on PostgreSQL the row lock makes
    such transactions of one organization take their numbers in commit order."""

    __tablename__ = "event_counters"

    org_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
