"""PostgreSQL through asyncpg: a connection pool, server-side prepared statements, binary protocol.

The core's ``:name`` parameters become ``$1, $2...`` once per distinct statement (cached), and
asyncpg keeps each statement prepared per connection. Several stateless API workers can share one
PostgreSQL: every write is one transaction and uniqueness is the database's job.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from contacthub.db.database import (
    SCHEMA_MISSING,
    DialectName,
    IntegrityViolation,
    Params,
    Row,
    to_numbered,
)
from contacthub.errors import Invalid, Unavailable

RawConnection: TypeAlias = (
    "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"
)

logger = logging.getLogger("contacthub.db")

_UNAVAILABLE = (
    OSError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
)


UNAVAILABLE = "the database is unavailable; retry later"
_VACUUM_TIMEOUT = 3600.0
COLLIDED = "the write collided with a concurrent one and was undone; send it again"


@lru_cache(maxsize=4096)
def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    return to_numbered(sql)


def _args(names: tuple[str, ...], params: Params | None) -> list[Any]:
    if not names:
        return []
    assert params is not None, "the statement has parameters but none were given"
    return [params[name] for name in names]


def _translate(error: Exception) -> Exception:
    if isinstance(error, asyncpg.exceptions.DataError):
        # A value PostgreSQL cannot store (a NUL character, a number out of range...): the
        # client's input, which SQLite would have taken; never a server fault.
        # The driver's text names query arguments ("$3"): logged, not shown to the client.
        logger.info("unstorable value: %s", error)
        return Invalid(
            "a value cannot be stored (a number out of range, or a NUL character in a text)",
            code="unstorable_value",
        )
    if isinstance(error, asyncpg.exceptions.IntegrityConstraintViolationError):
        return IntegrityViolation(getattr(error, "constraint_name", None) or str(error))
    if isinstance(error, asyncpg.exceptions.UndefinedTableError):
        return Unavailable(SCHEMA_MISSING)
    if isinstance(error, asyncpg.exceptions.TransactionRollbackError):
        # A deadlock or a serialization failure: PostgreSQL rolled this unit back so that a
        # concurrent one could go on. Nothing is wrong with the request; sent again, it works.
        logger.warning("postgresql: %s: %s", type(error).__name__, error)
        return Unavailable(COLLIDED, code="retry")
    if isinstance(error, TimeoutError):
        # A database that stopped answering (a network partition drops packets, nothing
        # refuses): after the configured wait, as unavailable as one that went away.
        logger.warning("postgresql: no answer in time")
        return Unavailable(UNAVAILABLE)
    if isinstance(error, _UNAVAILABLE):
        # The driver's words go to the log: a client can only retry, and they name hosts.
        logger.warning("postgresql: %s: %s", type(error).__name__, error)
        return Unavailable(UNAVAILABLE)
    return error


class PostgresConnection:
    dialect: DialectName = "postgresql"

    def __init__(self, raw: RawConnection, *, writing: bool = False) -> None:
        self._raw = raw
        self.locking = " FOR UPDATE" if writing else ""

    @asynccontextmanager
    async def custom_plans(self) -> AsyncIterator[None]:
        if self._raw.is_in_transaction():
            await self._raw.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            yield
            return
        await self._raw.execute("SET plan_cache_mode = force_custom_plan")
        try:
            yield
        finally:
            await self._raw.execute("RESET plan_cache_mode")

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None:
        text, names = _numbered(sql)
        try:
            row: Row | None = await self._raw.fetchrow(text, *_args(names, params))
        except Exception as error:
            raise _translate(error) from error
        return row

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]:
        text, names = _numbered(sql)
        try:
            return list(await self._raw.fetch(text, *_args(names, params)))
        except Exception as error:
            raise _translate(error) from error

    async def fetch_value(self, sql: str, params: Params | None = None) -> Any:
        text, names = _numbered(sql)
        try:
            return await self._raw.fetchval(text, *_args(names, params))
        except Exception as error:
            raise _translate(error) from error

    async def execute(self, sql: str, params: Params | None = None) -> int:
        text, names = _numbered(sql)
        try:
            status: str = await self._raw.execute(text, *_args(names, params))
        except Exception as error:
            raise _translate(error) from error
        # "UPDATE 3", "DELETE 0", "INSERT 0 1": the count is the last word.
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        text, names = _numbered(sql)
        try:
            await self._raw.executemany(text, [_args(names, row) for row in rows])
        except Exception as error:
            raise _translate(error) from error

    async def iterate(self, sql: str, params: Params | None = None) -> AsyncIterator[Row]:
        text, names = _numbered(sql)
        try:
            async for row in self._raw.cursor(text, *_args(names, params), prefetch=1000):
                yield row
        except Exception as error:
            raise _translate(error) from error

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        try:
            await self._raw.copy_records_to_table(table, records=rows, columns=list(columns))
        except Exception as error:
            raise _translate(error) from error

    async def serialize(self, key: str) -> None:
        await self.fetch_value(
            "SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))", {"key": key}
        )

    async def reserve_ids(self, table: str, count: int) -> Sequence[int]:
        if count <= 0:
            return []
        rows = await self.fetch_all(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id"  # noqa: S608
            " FROM generate_series(1, :count)",
            {"count": count},
        )
        return [int(row["id"]) for row in rows]

    @property
    def raw(self) -> RawConnection:
        """The driver's connection, for COPY in bulk import."""
        return self._raw


async def _keep_session(conn: RawConnection) -> None:
    """The pool's reset when a connection comes back: nothing beyond asyncpg's own rollback of
    an open transaction. The default also runs RESET ALL, UNLISTEN *, CLOSE ALL and
    pg_advisory_unlock_all(): a round trip per unit of work (~14% of a hot read's time) for
    session state contacthub never sets."""


class PostgresDatabase:
    dialect: DialectName = "postgresql"

    def __init__(
        self,
        url: str,
        dsn: str,
        *,
        pool_size: int = 10,
        connect_timeout: float = 10,
        command_timeout: float = 60,
    ) -> None:
        self.url = url
        self.dsn = dsn
        self.pool_size = pool_size
        self.connect_timeout = connect_timeout
        self.command_timeout = command_timeout
        self._pool: asyncpg.Pool | None = None
        self._vacuum_due: set[str] = set()
        self._vacuuming: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        if self._pool is None:
            try:
                self._pool = await asyncpg.create_pool(
                    self.dsn,
                    min_size=1,
                    max_size=self.pool_size,
                    statement_cache_size=1024,
                    timeout=self.connect_timeout,
                    command_timeout=self.command_timeout,
                    reset=_keep_session,
                )
            except Exception as error:
                raise _translate(error) from error

    async def close(self) -> None:
        await self.vacuumed()  # an erase's vacuum is not dropped by a shutdown
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    def _pool_or_fail(self) -> asyncpg.Pool:
        if self._pool is None:
            raise Unavailable("the database is not connected")
        return self._pool

    @asynccontextmanager
    async def read(self) -> AsyncIterator[PostgresConnection]:
        try:
            raw = await self._pool_or_fail().acquire()
        except Exception as error:
            raise _translate(error) from error
        try:
            yield PostgresConnection(raw)
        finally:
            await self._pool_or_fail().release(raw)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[PostgresConnection]:
        try:
            raw = await self._pool_or_fail().acquire()
        except Exception as error:
            raise _translate(error) from error
        try:
            transaction = raw.transaction()
            try:
                await transaction.start()
            except Exception as error:
                raise _translate(error) from error
            try:
                yield PostgresConnection(raw, writing=True)
            except BaseException:
                await transaction.rollback()
                raise
            try:
                await transaction.commit()
            except Exception as error:
                raise _translate(error) from error
        finally:
            await self._pool_or_fail().release(raw)

    async def ping(self) -> None:
        async with self.read() as conn:
            await conn.fetch_value("SELECT 1")

    async def scrub(self, tables: Sequence[str] = ()) -> None:
        """After an erase: a VACUUM of ``tables`` (names from the code, never input) is due, run
        in the background, off the request: it scans the tables' indexes in full (seconds on a
        large table), and VACUUM cannot run inside the erase's transaction. One runs at a time;
        tables erases ask for meanwhile join the next one. ``vacuumed`` waits for it (close does).

        VACUUM removes the dead row versions (the erased values) as items of their pages: no
        query, no dump and no replica built from the pages reads them any more. It does not zero
        the bytes: a removed version that nothing was moved over stays in the page's free space
        until a new row takes the space (core/contacts/erase.py says what else remains)."""
        self._vacuum_due.update(tables)
        if self._vacuum_due and (self._vacuuming is None or self._vacuuming.done()):
            self._vacuuming = asyncio.create_task(self._vacuum())

    async def vacuumed(self) -> None:
        """Wait for the VACUUM ``scrub`` asked for (if any) to finish."""
        while self._vacuuming is not None and not self._vacuuming.done():
            await asyncio.wait([self._vacuuming])

    async def _vacuum(self) -> None:
        while self._vacuum_due:
            tables = ", ".join(sorted(self._vacuum_due))
            self._vacuum_due.clear()
            try:
                async with self.read() as conn:
                    # Outside a transaction block (a plain statement on an idle connection),
                    # past the pool's command timeout: a large table's indexes take their time.
                    await conn.raw.execute(f"VACUUM {tables}", timeout=_VACUUM_TIMEOUT)
            except Exception:
                # Autovacuum will come to the tables in time; the erase itself is committed.
                logger.exception("VACUUM after an erase failed: %s", tables)
