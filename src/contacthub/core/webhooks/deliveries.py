"""A receiver's deliveries, newest first, and redelivery of one (a failed one, typically)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from contacthub.core.principal import AdminAction
from contacthub.core.scope import Scope
from contacthub.core.webhooks.endpoints import get_webhook
from contacthub.db.database import Row
from contacthub.errors import Invalid, NotFound

STATUSES = ("pending", "delivering", "succeeded", "failed")
_COLUMNS = (
    "id, webhook_id, event_seq, contact_id, status, attempts, next_attempt_at, last_status,"
    " last_error, created_at, updated_at"
)


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    webhook_id: int
    event_seq: int
    contact_id: int | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime


def _from_row(row: Row) -> Delivery:
    return Delivery(**{name: row[name] for name in Delivery.__struct_fields__})


async def list_deliveries(
    s: Scope, webhook_id: int, *, before: int | None, limit: int, status: str | None
) -> list[Delivery]:
    """Up to ``limit`` deliveries with ``id < before``, newest first, of one status if given."""
    await get_webhook(s, webhook_id)
    if status is not None and status not in STATUSES:
        raise Invalid.field("status", f"status is one of {', '.join(STATUSES)}")
    only = "" if status is None else " AND status = :status"
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM webhook_deliveries WHERE org_id = :org AND webhook_id = :hook"
        f" AND id < :before{only} ORDER BY id DESC LIMIT :limit",
        hook=webhook_id,
        before=2**63 - 1 if before is None else before,
        limit=limit,
        **({} if status is None else {"status": status}),
    )
    return [_from_row(row) for row in rows]


async def redeliver(s: Scope, webhook_id: int, delivery_id: int) -> Delivery:
    """Send a delivery again, from its first try (a failed one, or one that succeeded: the
    receiver dedupes by webhook-id). One being delivered right now is left alone."""
    s.require(AdminAction.MANAGE_WEBHOOKS)
    await get_webhook(s, webhook_id)
    await s.execute(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = :now,"
        " updated_at = :now WHERE org_id = :org AND webhook_id = :hook AND id = :id"
        " AND status <> 'delivering'",
        hook=webhook_id,
        id=delivery_id,
        now=s.now(),
    )
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM webhook_deliveries WHERE org_id = :org AND webhook_id = :hook"
        " AND id = :id",
        hook=webhook_id,
        id=delivery_id,
    )
    if row is None:
        raise NotFound(f"delivery {delivery_id} of webhook {webhook_id} does not exist")
    return _from_row(row)
