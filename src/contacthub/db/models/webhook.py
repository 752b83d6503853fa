"""Webhooks: where an organization's events are sent, and each event's delivery to each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column

_WAITING = text("status IN ('pending', 'delivering')")


class Webhook(Base):
    """A receiver: its URL, the event types it wants (``events``: ``*`` or ``,a,b,``, so one
    LIKE picks the subscribers of a type) and the secret deliveries are signed with (kept as
    given: signing needs it; shown once, at creation)."""

    __tablename__ = "webhooks"
    __table_args__ = (Index("ix_webhooks_org_id", "org_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    url: Mapped[str] = mapped_column(Text, nullable=False)
    events: Mapped[str] = mapped_column(Text, nullable=False)
    secret: Mapped[str] = mapped_column(String(100), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)


class WebhookDelivery(Base):
    """One event for one webhook: written with the event (the outbox), then tried until a 2xx
    or the last try. ``contact_id`` orders deliveries: one contact's go one after another."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_webhook_id_event_seq", "webhook_id", "event_seq", unique=True),
        Index("ix_webhook_deliveries_created_at", "created_at"),  # the retention purge
        # The worker's claim: what is due, and what is still waiting before a contact's next.
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            sqlite_where=_WAITING,
            postgresql_where=_WAITING,
        ),
        Index(
            "ix_webhook_deliveries_webhook_id_contact_id_event_seq",
            "webhook_id",
            "contact_id",
            "event_seq",
            sqlite_where=_WAITING,
            postgresql_where=_WAITING,
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    webhook_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False
    )
    event_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    contact_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
