"""SQLite's group commit: units of work share an fsync, yet each is its own all-or-nothing, and
none returns before its commit is on disk."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from contacthub.db import sqlite as sqlite_module
from contacthub.db.sqlite import SqliteDatabase


@pytest.fixture
async def db(tmp_path: Path) -> SqliteDatabase:
    path = tmp_path / "group.db"
    database = SqliteDatabase(f"sqlite:///{path}", path)
    await database.connect()
    async with database.write() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    return database


def _on_disk(db: SqliteDatabase) -> list[int]:
    # Another connection, as another process would look.
    other = sqlite3.connect(db.path)
    try:
        return [n for (n,) in other.execute("SELECT n FROM t ORDER BY n")]
    finally:
        other.close()


async def test_concurrent_writers_share_commits_and_all_are_durable(
    db: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits = 0
    real = sqlite_module._commit_now

    def counting(raw: sqlite3.Connection) -> None:
        nonlocal commits
        commits += 1
        real(raw)

    monkeypatch.setattr(sqlite_module, "_commit_now", counting)

    async def writer(n: int) -> None:
        async with db.write() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (:n)", {"n": n})

    await asyncio.gather(*(writer(n) for n in range(200)))
    assert _on_disk(db) == list(range(200))
    assert commits < 100  # writers that queued behind a commit shared the next one
    await db.close()


async def test_a_failing_unit_is_rolled_back_alone(db: SqliteDatabase) -> None:
    async def writer(n: int) -> None:
        async with db.write() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (:n)", {"n": n})
            if n % 3 == 0:
                raise ValueError(n)

    results = await asyncio.gather(*(writer(n) for n in range(30)), return_exceptions=True)
    failed = {n for n, result in enumerate(results) if isinstance(result, ValueError)}
    assert failed == {n for n in range(30) if n % 3 == 0}
    assert _on_disk(db) == [n for n in range(30) if n % 3]
    await db.close()


async def test_each_writer_sees_its_own_row_on_disk_when_it_returns(db: SqliteDatabase) -> None:
    async def writer(n: int) -> bool:
        async with db.write() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (:n)", {"n": n})
        return n in _on_disk(db)

    assert all(await asyncio.gather(*(writer(n) for n in range(50))))
    async with db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM t") == 50
    await db.close()


async def test_a_writer_cancelled_before_its_commit_still_leaves_no_open_transaction(
    db: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def cancelled() -> None:
        raise asyncio.CancelledError

    monkeypatch.setattr(sqlite_module, "_let_others_in", cancelled)
    with pytest.raises(asyncio.CancelledError):
        async with db.write() as conn:
            await conn.execute("INSERT INTO t (n) VALUES (1)")
    # The unit had finished: its group was committed, and the write lock is free again.
    assert _on_disk(db) == [1]
    monkeypatch.undo()
    async with db.write() as conn:
        await conn.execute("INSERT INTO t (n) VALUES (2)")
    assert _on_disk(db) == [1, 2]
    await db.close()


async def test_a_failing_unit_that_opened_the_transaction_leaves_none_of_its_statements(
    db: SqliteDatabase,
) -> None:
    # Alone in its transaction, it runs without a savepoint: its failure rolls that back.
    async def three_then_fail() -> None:
        async with db.write() as conn:
            for n in range(1, 4):
                await conn.execute("INSERT INTO t (n) VALUES (:n)", {"n": n})
            raise ValueError("late")

    with pytest.raises(ValueError, match="late"):
        await three_then_fail()
    async with db.write() as conn:
        await conn.execute("INSERT INTO t (n) VALUES (9)")
    assert _on_disk(db) == [9]
    await db.close()
