"""``Scope``: one organization's view of one connection, the only way the core queries tenant data.

    Hub.writing(org_id | principal) --> Scope(conn, org_id, env, principal) --> core --> SQL
                                                                    └─ s.emit(event) --> outbox

Every statement goes through ``Scope.fetch_*``/``execute``, which bind ``:org`` to the scope's
organization and refuse a statement that does not use it: tenant SQL filters ``org_id = :org``,
so a query cannot forget whose data it reads. The few lookups that must run before the
organization is known (a token, a login) use the connection directly and are listed in
tests/core/test_tenancy.py.

A write opened with a dialect's ``Principal`` carries it, and the core functions that need an
administrator check it (``Scope.require``, the rule in core/principal.py); one opened with an
organization's id alone is the server's operator's (the CLI, background jobs). Dialects always
pass their principal (tests/dialects/test_roles.py reads their source to hold them to it).
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from contacthub.core import outbox
from contacthub.core.principal import AdminAction, Principal, require
from contacthub.db.database import Connection, Database, Params, Row


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _time_ordered_uuid() -> str:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits.

    Random UUIDs (v4) scatter inserts over the whole unique index; a million-contact import ran
    2x slower with them once the index outgrew the page cache. Time-ordered ones append.
    """
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10))
    value = (value & ~(0xF << 76) & ~(0x3 << 62)) | (0x7 << 76) | (0x2 << 62)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# The variant nibble of a UUID (10xx), from any hex digit's low two bits.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def time_ordered_uuids(count: int) -> list[str]:
    """``count`` UUIDs version 7 of this millisecond: what ``_time_ordered_uuid`` makes, for a
    bulk insert at a quarter of the cost (one clock read and one urandom call for them all)."""
    stamp = f"{time.time_ns() // 1_000_000:012x}"
    head = f"{stamp[:8]}-{stamp[8:]}-7"
    noise = os.urandom(10 * count).hex()
    return [
        f"{head}{noise[i : i + 3]}-{_VARIANT[noise[i + 3]]}{noise[i + 4 : i + 7]}-"
        f"{noise[i + 7 : i + 19]}"
        for i in range(0, 20 * count, 20)
    ]


@dataclass(frozen=True, slots=True)
class Env:
    """What the core takes from the world: time, fresh ids, the default phone region.
    Tests replace the clock and the id source to get deterministic answers."""

    region: str = "RU"
    clock: Callable[[], datetime] = _utc_now
    new_uuid: Callable[[], str] = _time_ordered_uuid


class TenancyError(RuntimeError):
    """A statement reached a Scope without naming the organization: a bug, never a client's."""


@dataclass(frozen=True, slots=True)
class Scope:
    conn: Connection
    org_id: int
    env: Env = field(default_factory=Env)
    # Who opened the write (a dialect's credential); None is the server's operator.
    principal: Principal | None = None
    # The unit's events, written by Hub.writing just before it commits (core/outbox.py).
    outbox: list[outbox.Pending] = field(default_factory=list)

    def emit(self, kind: str, contact_id: int | None, payload: dict[str, Any]) -> None:
        """Record a change's event; it is written with the change or not at all."""
        self.outbox.append(outbox.Pending(kind, contact_id, payload))

    def require(self, action: AdminAction) -> None:
        """``Forbidden`` unless the caller may ``action`` (core/principal.py has the rule)."""
        require(self.principal, action)

    def _bind(self, sql: str, params: dict[str, Any]) -> dict[str, Any]:
        if ":org" not in sql:
            raise TenancyError(f"a tenant statement must filter by :org: {sql[:120]}")
        params["org"] = self.org_id
        return params

    async def fetch_one(self, sql: str, **params: Any) -> Row | None:
        return await self.conn.fetch_one(sql, self._bind(sql, params))

    async def fetch_all(self, sql: str, **params: Any) -> list[Row]:
        return await self.conn.fetch_all(sql, self._bind(sql, params))

    async def fetch_value(self, sql: str, **params: Any) -> Any:
        return await self.conn.fetch_value(sql, self._bind(sql, params))

    async def execute(self, sql: str, **params: Any) -> int:
        return await self.conn.execute(sql, self._bind(sql, params))

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None:
        self._bind(sql, {})
        await self.conn.execute_many(sql, [{**row, "org": self.org_id} for row in rows])

    def iterate(self, sql: str, **params: Any) -> AsyncIterator[Row]:
        return self.conn.iterate(sql, self._bind(sql, params))

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Bulk insert of new rows of a tenant table; ``org_id`` is the scope's, put first."""
        if rows:
            org = self.org_id
            await self.conn.insert_rows(table, ("org_id", *columns), [(org, *row) for row in rows])

    async def reserve_ids(self, table: str, count: int) -> Sequence[int]:
        return await self.conn.reserve_ids(table, count)

    def now(self) -> datetime:
        return self.env.clock()

    def new_uuids(self, count: int) -> list[str]:
        """``count`` fresh UUIDs from the environment's source (batched when it is the default)."""
        if self.env.new_uuid is _time_ordered_uuid:
            return time_ordered_uuids(count)
        return [self.env.new_uuid() for _ in range(count)]


class _Reading:
    """``Hub.reading()``: a class, not an ``@asynccontextmanager`` generator, since every hot
    read enters one (the generator's machinery cost ~1.5 us of it, bench/RESULTS.md)."""

    __slots__ = ("_hub", "_org_id", "_unit")

    def __init__(self, hub: Hub, org_id: int) -> None:
        self._hub = hub
        self._org_id = org_id
        self._unit: AbstractAsyncContextManager[Connection] | None = None

    async def __aenter__(self) -> Scope:
        self._unit = unit = self._hub.db.read()
        conn = await unit.__aenter__()
        return Scope(conn, self._org_id, self._hub.env)

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        assert self._unit is not None
        return await self._unit.__aexit__(kind, error, tb)


@dataclass(slots=True)
class Hub:
    """The database plus the environment: opens units of work for the dialects and the CLI."""

    db: Database
    env: Env = field(default_factory=Env)
    # core.tokens' memory of recently checked API tokens (secret hash -> principal), per process.
    principals: dict[str, Any] = field(default_factory=dict)

    def reading(self, org_id: int) -> AbstractAsyncContextManager[Scope]:
        """One read unit of work (one snapshot) in the organization's scope."""
        return _Reading(self, org_id)

    @asynccontextmanager
    async def writing(self, who: int | Principal) -> AsyncIterator[Scope]:
        """One transaction: committed when the block ends, rolled back if it raises. ``who`` is
        the organization's id (the server's operator) or a credential's principal (its role)."""
        async with self.db.write() as conn:
            if isinstance(who, Principal):
                scope = Scope(conn, who.org_id, self.env, who)
            else:
                scope = Scope(conn, who, self.env)
            yield scope
            # Reached only when the block ended without an exception: its events go last.
            if scope.outbox:
                await outbox.flush(scope, scope.outbox)
