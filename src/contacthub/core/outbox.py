"""The transactional outbox: every change leaves an event in the change's own transaction.

    core write --s.emit(type, contact, payload)--> Scope.outbox (in memory)
    Hub.writing's block ends --flush()--> event_counters (+n) --> events (org_id, seq, ...)
                                     --> webhook_deliveries (core/webhooks/fanout.py)
                                     --> the unit of work commits both, or neither

Events are written last, just before the commit, for one reason: on PostgreSQL the counter row
is locked from its update to the commit, so writers of one organization queue there for the
shortest time, and take their numbers in the order they commit. A reader of ``seq > cursor``
then never sees a number before a smaller one of the same organization is visible (a plain
sequence would let a later transaction commit first; a reader past it would skip the earlier
one forever). On SQLite writers already run one at a time. Numbers have no gaps: a unit rolled
back gives its numbers back with the counter.

Who made the change: the scope's principal (token or user) and, for a change made by a request,
the request's origin (``ORIGIN``: request id and dialect, set by the server for each request).
Without a request (the CLI, the server's own jobs) the dialect is ``operator``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import msgspec

from contacthub.core.webhooks.fanout import fan_out

if TYPE_CHECKING:
    from contacthub.core.scope import Scope

# Above this many events in one unit (an import's batch) they go by the bulk insert (COPY).
_BULK = 32


class Origin:
    """Where a request came from: its id, and its path, turned into the dialect's name only
    when an event needs it (most requests write nothing)."""

    __slots__ = ("_dialect_of", "path", "request_id")

    def __init__(self, request_id: str, path: str, dialect_of: Callable[[str], str]) -> None:
        self.request_id = request_id
        self.path = path
        self._dialect_of = dialect_of

    @property
    def dialect(self) -> str:
        return self._dialect_of(self.path)


ORIGIN: ContextVar[Origin | None] = ContextVar("contacthub_origin", default=None)
OPERATOR = "operator"


class Pending(msgspec.Struct, frozen=True):
    type: str
    contact_id: int | None
    payload: dict[str, Any]


_encode = msgspec.json.Encoder().encode


async def flush(s: Scope, pending: Sequence[Pending]) -> None:
    """Number the unit's events and write them (inside the unit, after its other statements)."""
    count = len(pending)
    last = await s.fetch_value(
        "INSERT INTO event_counters (org_id, last_seq) VALUES (:org, :count)"
        " ON CONFLICT (org_id) DO UPDATE SET last_seq = event_counters.last_seq + :count"
        " RETURNING last_seq",
        count=count,
    )
    first = int(last) - count + 1
    origin = ORIGIN.get()
    dialect = OPERATOR if origin is None else origin.dialect
    request_id = None if origin is None else origin.request_id
    principal = s.principal
    token_id = None if principal is None else principal.token_id
    user_id = None if principal is None else principal.user_id
    now = s.now()
    rows = [
        (first + i, e.type, e.contact_id, _encode(e.payload).decode(), dialect, token_id, user_id)
        for i, e in enumerate(pending)
    ]
    if count > _BULK:
        await s.insert_rows(
            "events",
            (
                "seq",
                "type",
                "contact_id",
                "payload",
                "dialect",
                "token_id",
                "user_id",
                "request_id",
                "created_at",
            ),
            [(*row, request_id, now) for row in rows],
        )
    else:
        await _insert_few(s, rows, request_id, now)
    await fan_out(s, first, int(last), now)


async def _insert_few(
    s: Scope, rows: list[tuple[Any, ...]], request_id: str | None, now: Any
) -> None:
    await s.execute_many(
        "INSERT INTO events (org_id, seq, type, contact_id, payload, dialect, token_id, user_id,"
        " request_id, created_at) VALUES (:org, :seq, :type, :contact, :payload, :dialect,"
        " :token, :user, :request, :now)",
        [
            {
                "seq": seq,
                "type": kind,
                "contact": contact,
                "payload": payload,
                "dialect": dia,
                "token": token,
                "user": user,
                "request": request_id,
                "now": now,
            }
            for seq, kind, contact, payload, dia, token, user in rows
        ],
    )
