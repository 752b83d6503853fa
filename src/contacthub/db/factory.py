"""Build the ``Database`` a URL names."""

from __future__ import annotations

from contacthub.config import Settings
from contacthub.db.database import Database
from contacthub.db.postgres import PostgresDatabase
from contacthub.db.sqlite import SqliteDatabase
from contacthub.db.urls import parse_database_url


def database_for(settings: Settings) -> Database:
    url = parse_database_url(settings.database_url)
    if url.sqlite_path is not None:
        return SqliteDatabase(
            settings.database_url,
            url.sqlite_path,
            busy_timeout_ms=settings.sqlite_busy_timeout_ms,
            read_mmap_bytes=settings.sqlite_read_mmap_mb * 1024 * 1024,
        )
    return PostgresDatabase(
        settings.database_url,
        url.asyncpg,
        pool_size=settings.postgres_pool_size,
        connect_timeout=settings.postgres_connect_timeout_s,
        command_timeout=settings.postgres_command_timeout_s,
    )
