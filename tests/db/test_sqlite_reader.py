"""The SQLite read connection maps the file as configured; the writer never does."""

from __future__ import annotations

from pathlib import Path

from contacthub.config import Settings
from contacthub.db.factory import database_for
from contacthub.db.sqlite import SqliteDatabase


async def test_the_reader_maps_as_much_of_the_file_as_configured(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mapped.db'}"
    settings = Settings(database_url=url, sqlite_read_mmap_mb=8, _env_file=None)  # type: ignore[call-arg]
    db = database_for(settings)
    assert isinstance(db, SqliteDatabase)
    await db.connect()
    try:
        async with db.read() as conn:
            assert await conn.fetch_value("PRAGMA mmap_size") == 8 * 1024 * 1024
        async with db.write() as conn:
            assert await conn.fetch_value("PRAGMA mmap_size") == 0
    finally:
        await db.close()


async def test_zero_maps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    db = SqliteDatabase(f"sqlite:///{path}", path, read_mmap_bytes=0)
    await db.connect()
    try:
        async with db.read() as conn:
            assert await conn.fetch_value("PRAGMA mmap_size") == 0
    finally:
        await db.close()
