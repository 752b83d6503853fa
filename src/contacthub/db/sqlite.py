"""SQLite through the standard library's ``sqlite3``, called inline on the event loop.

A query here takes microseconds, less than a hop to a worker thread would, so the calls are not
sent to threads (only a commit, which waits for the disk). Two connections per process, each
guarded by an ``asyncio.Lock``:

    reads   one connection, a deferred transaction per unit of work (one snapshot)
    writes  one connection; the first unit of work opens a transaction, the units queued
            behind it join in savepoints, and they commit together once no other unit is
            waiting (group commit, see ``write``)

A unit of work never sees another's half-done changes (they run one after another under the
lock) and a failed one is rolled back alone; a unit returns only when the commit that carries
it is on disk. ``BEGIN IMMEDIATE`` takes the write lock up front, so a unit's reads and writes
happen under it (read-modify-write is safe) and two writers cannot deadlock upgrading read
locks. Writers in other processes (``serve --workers N``, the CLI) may hold that lock: the
writer connection has no busy timeout of its own (SQLite's would sleep on the event loop and
stall every request of the process); ``_begin`` retries with ``asyncio.sleep`` instead, until
the configured wait from the unit's arrival, then answers ``Unavailable`` (a 503, never the
driver's "database is locked").

WAL with ``synchronous=FULL``: readers never block the writer, and a commit is on disk before the
answer goes out (a kill -9 or a power cut loses no acknowledged write). One fsync serves every
writer that queued behind the previous one (bench/RESULTS.md: 2-2.5x the writes a second).

Checkpoints (the WAL's pages copied into the database file, which is then fsync'd) run on a third
connection, in a thread, at most every ``CHECKPOINT_EVERY`` seconds while commits go on: SQLite's
own auto-checkpoint runs inside the COMMIT that crosses 1,000 WAL pages, under the write lock, and
there a contact insert's pages scattered over a million-row store's indexes made every writer
wait (Obzvonilka POST p99 140-700 ms). A passive checkpoint never blocks a writer; the writer
still checkpoints itself past ``FALLBACK_CHECKPOINT_PAGES``, should the thread fall behind.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from itertools import chain
from pathlib import Path
from typing import Any

from contacthub.db.database import SCHEMA_MISSING, DialectName, IntegrityViolation, Params, Row
from contacthub.db.sqlite_files import OPTIMIZE_SEARCH_INDEX, checkpoint_truncate, open_sqlite
from contacthub.errors import Unavailable

# Bulk inserts put many rows in one statement: fewer VM round trips (measured 2.5x faster than
# executemany for contacts), under SQLite's limit of 32766 variables per statement.
_ROWS_PER_INSERT = 100
_MAX_VARIABLES = 32_766
# Waits between tries for another process's write lock (seconds), the last one repeated.
_BUSY_DELAYS = (0.001, 0.002, 0.005, 0.01, 0.02)
UNAVAILABLE = "the database is unavailable; retry later"
CHECKPOINT_EVERY = 0.25  # seconds
FALLBACK_CHECKPOINT_PAGES = 10_000  # ~40 MB of WAL

logger = logging.getLogger("contacthub.db")


def busy_message(seconds: float) -> str:
    return (
        f"the database is busy: another process has held its write lock for more than"
        f" {seconds:g} s; retry later"
    )


def _is_busy(error: sqlite3.Error) -> bool:
    # SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY...); SQLITE_LOCKED too.
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _translate(error: sqlite3.Error) -> Exception:
    if isinstance(error, sqlite3.IntegrityError):
        return IntegrityViolation(str(error))
    if isinstance(error, sqlite3.OperationalError):
        if "no such table" in str(error):
            return Unavailable(SCHEMA_MISSING)
        # The driver's words ("database is locked", "disk I/O error") go to the log, not to
        # the client: they name no action a client can take, and "locked" reads like a bug.
        logger.warning("sqlite: %s", error)
        return Unavailable(UNAVAILABLE)
    return error


class SqliteConnection:
    dialect: DialectName = "sqlite"
    locking = ""  # a write unit holds the database's one write lock from its first statement

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None:
        try:
            row: Row | None = self._raw.execute(sql, params or {}).fetchone()
        except sqlite3.Error as error:
            raise _translate(error) from error
        return row

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]:
        try:
            return self._raw.execute(sql, params or {}).fetchall()
        except sqlite3.Error as error:
            raise _translate(error) from error

    async def fetch_value(self, sql: str, params: Params | None = None) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]  # type: ignore[index]

    async def execute(self, sql: str, params: Params | None = None) -> int:
        try:
            return self._raw.execute(sql, params or {}).rowcount
        except sqlite3.Error as error:
            raise _translate(error) from error

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None:
        try:
            self._raw.executemany(sql, rows)
        except sqlite3.Error as error:
            raise _translate(error) from error

    async def iterate(self, sql: str, params: Params | None = None) -> AsyncIterator[Row]:
        try:
            cursor = self._raw.execute(sql, params or {})
            while batch := cursor.fetchmany(1000):
                for row in batch:
                    yield row
        except sqlite3.Error as error:
            raise _translate(error) from error

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        width = len(columns)
        per = max(1, min(_ROWS_PER_INSERT, _MAX_VARIABLES // width))
        # Table and column names come from the core's code, never from input.
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
        one = "(" + ", ".join("?" * width) + ")"
        whole = len(rows) - len(rows) % per
        try:
            if whole:
                full = head + ", ".join([one] * per)
                flat = list(chain.from_iterable(rows[:whole]))
                step = per * width
                for start in range(0, len(flat), step):
                    self._raw.execute(full, flat[start : start + step])
            if whole < len(rows):
                rest = head + ", ".join([one] * (len(rows) - whole))
                self._raw.execute(rest, list(chain.from_iterable(rows[whole:])))
        except sqlite3.Error as error:
            raise _translate(error) from error

    async def serialize(self, key: str) -> None:
        """Nothing to do: write units run one at a time under the write lock."""

    def custom_plans(self) -> AbstractAsyncContextManager[None]:
        """Nothing to do: SQLite plans every statement as it is prepared."""
        return nullcontext()

    async def reserve_ids(self, table: str, count: int) -> Sequence[int]:
        # The write lock is held from BEGIN IMMEDIATE to COMMIT, so nobody else takes these ids;
        # inserting them moves AUTOINCREMENT's counter past them.
        counter = await self.fetch_value(
            "SELECT seq FROM sqlite_sequence WHERE name = :table", {"table": table}
        )
        top = await self.fetch_value(f"SELECT MAX(id) FROM {table}")  # noqa: S608 (from the code)
        last = max(int(counter or 0), int(top or 0))
        return range(last + 1, last + 1 + count)


class SqliteDatabase:
    dialect: DialectName = "sqlite"

    def __init__(
        self, url: str, path: Path, *, busy_timeout_ms: int = 10_000, read_mmap_bytes: int = 0
    ) -> None:
        """``busy_timeout_ms``: how long, counted from its arrival, a unit of work may wait for
        a write lock that another process holds before it answers ``Unavailable``. (Waiting
        behind this process's own units is not limited: they are all moving.)

        ``read_mmap_bytes``: how much of the file the read connection maps. A hot read of a
        random contact in a store larger than the page cache misses it several times; mapped,
        such a miss costs no system call and no copy (measured: GET contact at 1,000,000
        contacts about 81 -> 70 us CPU in process). The mapped pages are the OS's page cache, not
        the process's own memory, though RSS counts those it touched. SQLite maps read-only:
        writes still go through the WAL."""
        self.url = url
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.read_mmap_bytes = read_mmap_bytes
        self._raw: sqlite3.Connection | None = None  # the writer
        self._reader: sqlite3.Connection | None = None
        self._checkpointer: sqlite3.Connection | None = None
        self._checkpointing: asyncio.Future[tuple[int, int, int]] | None = None
        self._checkpointed_at = 0.0  # time.monotonic() of the last checkpoint's start
        # The last checkpoint's (busy, WAL pages, pages copied), as SQLite reports them.
        self.last_checkpoint: tuple[int, int, int] | None = None
        self._lock = asyncio.Lock()  # the writer's: one unit of work at a time
        self._read_lock = asyncio.Lock()
        self._queued = 0  # units of work waiting for the writer
        self._group: asyncio.Future[None] | None = None  # the open group's commit

    async def connect(self) -> None:
        if self._raw is None:
            # No busy timeout: _begin() waits for other processes without blocking the loop.
            self._raw = open_sqlite(self.path, busy_timeout_ms=0)
            self._raw.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_CHECKPOINT_PAGES}")
            self._reader = open_sqlite(self.path, busy_timeout_ms=self.busy_timeout_ms)
            self._reader.execute(f"PRAGMA mmap_size={int(self.read_mmap_bytes)}")
            self._checkpointer = open_sqlite(self.path, busy_timeout_ms=0)

    async def close(self) -> None:
        async with self._lock:
            if self._checkpointing is not None:
                await asyncio.wait([self._checkpointing])  # its thread uses the connection
            for raw in (self._raw, self._reader, self._checkpointer):
                if raw is not None:
                    raw.close()
            self._raw = self._reader = self._checkpointer = None

    def _checkpoint_soon(self) -> None:
        """After a commit: a passive checkpoint in a thread, unless one runs or ran lately."""
        now = time.monotonic()
        if (
            self._checkpointer is None
            or self._checkpointing is not None
            or now - self._checkpointed_at < CHECKPOINT_EVERY
        ):
            return
        self._checkpointed_at = now
        job = asyncio.ensure_future(asyncio.to_thread(_checkpoint_now, self._checkpointer))
        self._checkpointing = job

        def done(job: asyncio.Future[tuple[int, int, int]]) -> None:
            self._checkpointing = None
            if job.cancelled():
                return
            error = job.exception()
            if error is None:
                self.last_checkpoint = job.result()
            else:  # the WAL keeps the pages; the next one (or the writer itself) copies them
                logger.warning("a background checkpoint failed: %s", error)

        job.add_done_callback(done)

    def _connection(self, raw: sqlite3.Connection | None) -> sqlite3.Connection:
        if raw is None:
            raise Unavailable("the database is not connected")
        return raw

    def read(self) -> _ReadUnit:
        """A read unit of work on the reader connection: one deferred transaction (one
        snapshot) under the reader's lock. Its own connection: a read never waits for a
        commit's fsync."""
        return _ReadUnit(self)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[SqliteConnection]:
        """A unit of work: it opens the group's transaction, or joins it in a savepoint.

        Units of work that arrive while a commit is being written to disk queue up; they then
        run one after another, each in the transaction or its own savepoint (rolled back alone
        if it fails), and the last of them commits them all with one fsync. Each returns only
        once that commit is on disk, so an answer still means a durable write, and one fsync
        serves many writers.
        """
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        self._queued += 1
        try:
            await self._lock.acquire()
        finally:
            self._queued -= 1
        failed: BaseException | None = None
        try:
            raw = self._connection(self._raw)
            # The unit that opens the group is alone in its transaction (units run one at a
            # time under the lock), so the transaction itself is its savepoint. A SAVEPOINT
            # around a big unit is dear: SQLite then keeps every statement's journal until the
            # unit's end (measured: 10 us a row of a bulk import, a third of its time).
            opens_group = self._group is None
            if opens_group:
                await self._begin(raw, deadline)
                self._group = asyncio.get_running_loop().create_future()
            else:
                _run(raw, "SAVEPOINT unit_of_work")
            group = self._group
            assert group is not None
            try:
                yield SqliteConnection(raw)
            except BaseException as error:
                failed = error
                self._undo(raw, group, whole=opens_group)
            else:
                if not opens_group:
                    self._keep(raw, group)
            cancelled = False
            if self._group is group and self._queued == 0:
                # One turn of the event loop first: requests already read from the network
                # reach their own write() and join this group instead of waiting for its fsync.
                try:
                    await _let_others_in()
                except asyncio.CancelledError:
                    cancelled = True  # still commit what the group holds, then say so
            if self._group is group and self._queued == 0:
                await self._commit(raw, group)
        finally:
            self._lock.release()
        if failed is not None:
            raise failed
        if cancelled:
            raise asyncio.CancelledError
        await group

    async def _begin(self, raw: sqlite3.Connection, deadline: float) -> None:
        """BEGIN IMMEDIATE, waiting (asynchronously) while another process holds the lock."""
        tries = 0
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise _translate(error) from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Unavailable(busy_message(self.busy_timeout_ms / 1000), code="busy")
            await asyncio.sleep(min(_BUSY_DELAYS[min(tries, len(_BUSY_DELAYS) - 1)], remaining))
            tries += 1

    def _undo(self, raw: sqlite3.Connection, group: asyncio.Future[None], *, whole: bool) -> None:
        """Roll back the unit: the whole transaction when it opened it (nobody else is in it
        yet; nobody awaits the group), else its savepoint."""
        if whole:
            self._group = None
            try:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
            except sqlite3.Error as error:  # the unit's own error is what its caller hears
                logger.warning("sqlite: rollback failed: %s", error)
            return
        try:
            raw.execute("ROLLBACK TO unit_of_work")
            raw.execute("RELEASE unit_of_work")
        except sqlite3.Error as error:  # the transaction itself is gone (SQLite rolled it back)
            self._fail(raw, group, error)

    def _keep(self, raw: sqlite3.Connection, group: asyncio.Future[None]) -> None:
        try:
            raw.execute("RELEASE unit_of_work")
        except sqlite3.Error as error:
            self._fail(raw, group, error)

    def _fail(self, raw: sqlite3.Connection, group: asyncio.Future[None], error: Exception) -> None:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        self._group = None
        if not group.done():
            group.set_exception(_translate(error) if isinstance(error, sqlite3.Error) else error)

    async def _commit(self, raw: sqlite3.Connection, group: asyncio.Future[None]) -> None:
        """COMMIT in a thread (the loop serves reads during the fsync), under the writer's lock."""
        self._group = None

        def settle(job: asyncio.Future[None]) -> None:
            error = job.exception()
            if error is None:
                group.set_result(None)
                self._checkpoint_soon()
            else:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
                group.set_exception(
                    _translate(error) if isinstance(error, sqlite3.Error) else error
                )

        job = asyncio.ensure_future(asyncio.to_thread(_commit_now, raw))
        job.add_done_callback(settle)
        # Never leave while the thread still uses the connection, even if cancelled.
        cancelled = False
        while not job.done():
            try:
                await asyncio.shield(job)
            except asyncio.CancelledError:
                cancelled = True
            except Exception:  # noqa: S110 (settle() hands it to the group)
                pass
        if cancelled:
            raise asyncio.CancelledError

    async def ping(self) -> None:
        async with self.read() as conn:
            await conn.fetch_value("SELECT 1")

    async def scrub(self, tables: Sequence[str] = ()) -> None:
        """After an erase: the search index merged (old segments held the row's trigrams),
        then the WAL checkpointed and truncated with no group open (sqlite_files.py). Every
        table's freed bytes are zeroed already (secure_delete): ``tables`` changes nothing."""
        async with self.write() as conn:
            await conn.execute(OPTIMIZE_SEARCH_INDEX)
        raw = self._connection(self._checkpointer)
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            async with self._lock:
                if self._checkpointing is not None:
                    await asyncio.wait([self._checkpointing])
                if self._group is None:
                    busy, _, _ = await asyncio.to_thread(checkpoint_truncate, raw)
                    if not busy:
                        return
            if time.monotonic() > deadline:  # readers held on: the WAL keeps it until later
                logger.warning("scrub: the WAL could not be truncated in time")
                return
            await asyncio.sleep(0.01)


class _ReadUnit:
    """``SqliteDatabase.read()``'s context manager. A class rather than an
    ``@asynccontextmanager`` generator: every hot read enters one, and the generator's
    machinery cost ~1.5 us of it (bench/RESULTS.md)."""

    __slots__ = ("_db", "_raw")

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
        self._raw: sqlite3.Connection | None = None

    async def __aenter__(self) -> SqliteConnection:
        db = self._db
        await db._read_lock.acquire()
        try:
            raw = db._connection(db._reader)
            # A deferred transaction: several SELECTs of one read see one snapshot.
            _run(raw, "BEGIN")
        except BaseException:
            db._read_lock.release()
            raise
        self._raw = raw
        return SqliteConnection(raw)

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            assert self._raw is not None
            _run(self._raw, "COMMIT")
        finally:
            self._db._read_lock.release()


async def _let_others_in() -> None:
    await asyncio.sleep(0)


def _commit_now(raw: sqlite3.Connection) -> None:
    # In a worker thread. The writer has no busy timeout; in WAL mode a COMMIT under the write
    # lock is not refused for BUSY, but should it be (WAL recovery by another process), wait
    # here like SQLite's own handler would, for a bounded time.
    deadline = time.monotonic() + 10
    while True:
        try:
            raw.execute("COMMIT")
            return
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.005)


def _checkpoint_now(raw: sqlite3.Connection) -> tuple[int, int, int]:
    # In a worker thread. PASSIVE: copies what no reader still needs, waits for no lock.
    busy, pages, copied = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(busy), int(pages), int(copied)


def _run(raw: sqlite3.Connection, statement: str) -> None:
    try:
        raw.execute(statement)
    except sqlite3.Error as error:
        raise _translate(error) from error
