"""With a unit's events, their deliveries: one row per event and subscribed, enabled receiver,
in the same transaction (core/outbox.py calls this last). An organization without webhooks
pays one index probe of ``webhooks`` per writing unit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contacthub.core.scope import Scope

_FANOUT = (
    "INSERT INTO webhook_deliveries (org_id, webhook_id, event_seq, contact_id, status, attempts,"
    " next_attempt_at, created_at, updated_at)"
    " SELECT w.org_id, w.id, e.seq, e.contact_id, 'pending', 0, :now, :now, :now"
    " FROM webhooks w JOIN events e ON e.org_id = w.org_id"
    " WHERE w.org_id = :org AND w.enabled AND e.seq BETWEEN :first AND :last"
    " AND (w.events = '*' OR w.events LIKE '%,' || e.type || ',%')"
)


async def fan_out(s: Scope, first: int, last: int, now: datetime) -> None:
    await s.execute(_FANOUT, first=first, last=last, now=now)
