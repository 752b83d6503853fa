"""SQLite's checkpoints run beside the writers, in a thread, not inside their COMMIT."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from contacthub.db import sqlite as sqlite_module
from contacthub.db.sqlite import FALLBACK_CHECKPOINT_PAGES, SqliteDatabase


@pytest.fixture
async def db(tmp_path: Path) -> SqliteDatabase:
    path = tmp_path / "checkpoints.db"
    database = SqliteDatabase(f"sqlite:///{path}", path)
    await database.connect()
    async with database.write() as conn:
        await conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT)")
    return database


async def _write(db: SqliteDatabase, first: int, count: int) -> None:
    async with db.write() as conn:
        for n in range(first, first + count):
            await conn.execute("INSERT INTO t (n, text) VALUES (:n, :t)", {"n": n, "t": "x" * 500})


async def _checkpoint_finished(db: SqliteDatabase) -> None:
    for _ in range(500):
        if db._checkpointing is None and db.last_checkpoint is not None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("no background checkpoint ran")


async def test_the_writer_leaves_checkpoints_to_the_background(db: SqliteDatabase) -> None:
    assert db._raw is not None
    (pages,) = db._raw.execute("PRAGMA wal_autocheckpoint").fetchone()
    assert pages == FALLBACK_CHECKPOINT_PAGES


async def test_commits_are_checkpointed_in_the_background_and_stay_readable(
    db: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_module, "CHECKPOINT_EVERY", 0.0)
    await _write(db, 0, 200)
    await _checkpoint_finished(db)
    busy, wal_pages, copied = db.last_checkpoint  # type: ignore[misc]
    assert busy == 0
    assert copied == wal_pages > 0  # every page of the WAL is in the database file now
    await _write(db, 200, 10)  # the writer goes on while and after it runs
    async with db.read() as conn:
        assert await conn.fetch_value("SELECT count(*) FROM t") == 210
    other = sqlite3.connect(db.path)  # as another process sees it
    try:
        assert other.execute("SELECT count(*) FROM t").fetchone() == (210,)
    finally:
        other.close()


async def test_checkpoints_are_spaced_out(db: SqliteDatabase) -> None:
    runs = 0
    real = sqlite_module._checkpoint_now

    def counting(raw: sqlite3.Connection) -> tuple[int, int, int]:
        nonlocal runs
        runs += 1
        return real(raw)

    await _checkpoint_finished(db)  # the one after the table's commit
    db._checkpointed_at = 0.0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite_module, "_checkpoint_now", counting)
        for first in range(0, 100, 10):  # ten commits well inside CHECKPOINT_EVERY
            await _write(db, first, 10)
        await _checkpoint_finished(db)
    assert runs == 1


async def test_close_waits_for_a_running_checkpoint(
    db: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_module, "CHECKPOINT_EVERY", 0.0)
    await _write(db, 0, 50)
    assert db._checkpointing is not None  # started by that commit
    await db.close()
    assert db._checkpointing is None
    assert db.last_checkpoint is not None
