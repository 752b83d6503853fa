"""Reading the change feed: an organization's events after a cursor, a contact's history, and
the purge of events past their retention.

    events   seq > after (ascending), optionally of some types: a reader that loops with the
             last seq it saw gets every event once, in commit order (core/outbox.py says why)
    history  one contact's events, newest first (keyset: before a seq)
    purge    events older than CONTACTHUB_EVENTS_RETENTION_DAYS (and finished webhook
             deliveries as old), in bounded batches
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import msgspec

from contacthub.core.ids import storable, written_id
from contacthub.core.pagination import encode_cursor
from contacthub.core.scope import Hub, Scope
from contacthub.db.database import Row, expand_in
from contacthub.errors import Invalid, NotFound

# Every event type the core writes (the feed's ``types`` filter is checked against it).
EVENT_TYPES = (
    "contact.created",
    "contact.updated",
    "contact.deleted",
    "contact.restored",
    "contact.erased",
    "contact.merged",
    "tag.renamed",
    "tag.deleted",
    "field.renamed",
    "field.deleted",
    "list.created",
    "list.replaced",
    "list.updated",
    "list.deleted",
    "list.entry_added",
    "list.entry_deleted",
    "number.blocked",
    "number.unblocked",
)
# Rows a purge deletes per statement: a short lock each time, whatever the backlog.
_PURGE_BATCH = 5000

_COLUMNS = "seq, type, contact_id, payload, dialect, token_id, user_id, request_id, created_at"
_decode = msgspec.json.Decoder(dict[str, Any]).decode


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """Who made a change: the API (``operator``: the CLI or the server itself), the API token
    or the user, and the request."""

    dialect: str
    token_id: int | None
    user_id: int | None
    request_id: str | None


class Event(msgspec.Struct, frozen=True, kw_only=True):
    seq: int
    type: str
    contact_id: int | None
    payload: dict[str, Any]
    actor: Actor
    created_at: datetime


def _event(row: Row) -> Event:
    return Event(
        seq=int(row["seq"]),
        type=row["type"],
        contact_id=row["contact_id"],
        payload=_decode(row["payload"]),
        actor=Actor(
            dialect=row["dialect"],
            token_id=row["token_id"],
            user_id=row["user_id"],
            request_id=row["request_id"],
        ),
        created_at=row["created_at"],
    )


def wire_event(event: Event) -> dict[str, Any]:
    """An event as the feed, the history and a webhook's body show it (the native API's
    EventOut has the same fields: tests/dialects/native/test_webhooks.py holds them together)."""
    return {
        "cursor": encode_cursor(event.seq),
        "seq": event.seq,
        "type": event.type,
        "contact_id": event.contact_id,
        "data": event.payload,
        "actor": msgspec.to_builtins(event.actor),
        "created_at": event.created_at,
    }


async def get_event(s: Scope, seq: int) -> Event | None:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM events WHERE org_id = :org AND seq = :seq", seq=seq
    )
    return None if row is None else _event(row)


def clean_types(text: str | None) -> list[str] | None:
    """``types=contact.created,contact.updated`` -> the list; an unknown type is refused."""
    if text is None:
        return None
    wanted = text.split(",")
    unknown = [part for part in wanted if part not in EVENT_TYPES]
    if unknown:
        shown = ", ".join(repr(part) for part in unknown[:5])
        raise Invalid.field("types", f"unknown event type(s): {shown}")
    return list(dict.fromkeys(wanted))


# ``types`` as the document states it: known types, comma-separated, nothing else.
_ONE_TYPE = "(?:" + "|".join(kind.replace(".", "[.]") for kind in EVENT_TYPES) + ")"
TYPES_PATTERN = f"^{_ONE_TYPE}(?:,{_ONE_TYPE})*$"


async def list_events(
    s: Scope, *, after: int, limit: int, types: Sequence[str] | None = None
) -> list[Event]:
    """Up to ``limit`` events with ``seq > after``, oldest first."""
    only, params = "", dict[str, Any]()
    if types:
        placeholders, params = expand_in("type", types)
        only = f" AND type IN {placeholders}"
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM events WHERE org_id = :org AND seq > :after{only}"
        " ORDER BY seq LIMIT :limit",
        after=after,
        limit=limit,
        **params,
    )
    return [_event(row) for row in rows]


async def _any_contact_id(s: Scope, ref: int | str) -> int:
    """The id of a contact of the scope, live or deleted (its history outlives it)."""
    number = ref if isinstance(ref, int) else written_id(ref)
    if number is not None:
        row = (
            await s.fetch_one("SELECT id FROM contacts WHERE org_id = :org AND id = :id", id=number)
            if storable(number)
            else None
        )
    else:
        row = await s.fetch_one(
            "SELECT id FROM contacts WHERE org_id = :org AND uuid = :uuid", uuid=ref
        )
    if row is None:
        raise NotFound(f"contact {ref} does not exist")
    return int(row["id"])


async def contact_history(
    s: Scope, ref: int | str, *, before: int | None, limit: int
) -> list[Event]:
    """Up to ``limit`` of a contact's events, newest first, with ``seq < before`` if given."""
    contact_id = await _any_contact_id(s, ref)
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM events WHERE org_id = :org AND contact_id = :contact"
        " AND seq < :before ORDER BY seq DESC LIMIT :limit",
        contact=contact_id,
        before=2**63 - 1 if before is None else before,
        limit=limit,
    )
    return [_event(row) for row in rows]


async def purge_events(hub: Hub, now: datetime, retention_days: int) -> int:
    """Delete every organization's events older than the retention, and the finished webhook
    deliveries as old; answers how many events."""
    cutoff = now - timedelta(days=retention_days)
    total = 0
    while True:
        # The server's own job, across organizations: the connection, not a Scope.
        async with hub.db.write() as conn:
            gone = await conn.execute(
                "DELETE FROM events WHERE (org_id, seq) IN (SELECT org_id, seq FROM events"
                " WHERE created_at < :cutoff LIMIT :batch)",
                {"cutoff": cutoff, "batch": _PURGE_BATCH},
            )
        total += gone
        if gone < _PURGE_BATCH:
            break
    # Finished deliveries go with their events (a pending one stays: its event is sent as
    # purged, and marked so).
    while True:
        async with hub.db.write() as conn:
            gone = await conn.execute(
                "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries"
                " WHERE created_at < :cutoff AND status IN ('succeeded', 'failed')"
                " LIMIT :batch)",
                {"cutoff": cutoff, "batch": _PURGE_BATCH},
            )
        if gone < _PURGE_BATCH:
            return total
