"""Alembic's entry: runs the migrations on SQLite (pysqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
import fcntl

from alembic import context
from sqlalchemy import Connection, create_engine, pool, text

from contacthub.db.models import Base
from contacthub.db.search_index import include_name
from contacthub.db.urls import DatabaseUrl, parse_database_url

config = context.config
# pg_advisory_xact_lock's key for migrations: any number, the same in every process.
_LOCK_KEY = 0x636F6E7461637468  # "contacth"
target_metadata = Base.metadata


def _url() -> DatabaseUrl:
    given = config.attributes.get("database_url")
    if isinstance(given, DatabaseUrl):
        return given
    return parse_database_url(config.get_main_option("sqlalchemy.url") or "sqlite:///contacthub.db")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several servers started at once on one database (a deploy) would each read the
            # same version and migrate; all but one failed ("expected to match one row"). The
            # lock is held until this transaction commits: the next one reads the new version.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        context.run_migrations()


async def _run_async(url: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine  # needs greenlet: PostgreSQL only

    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def run_migrations_online() -> None:
    url = _url()
    if url.dialect == "sqlite":
        assert url.sqlite_path is not None
        url.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url.sqlalchemy, poolclass=pool.NullPool)
        # The same for SQLite, by a lock on the file itself (flock: apart from SQLite's own
        # fcntl locks), which processes on this host share.
        with open(url.sqlite_path, "ab") as file, engine.connect() as connection:
            fcntl.flock(file, fcntl.LOCK_EX)
            _run(connection)
        engine.dispose()
    else:
        asyncio.run(_run_async(url.sqlalchemy))


if context.is_offline_mode():
    raise SystemExit("contacthub runs its migrations online only")
run_migrations_online()
