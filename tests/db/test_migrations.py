"""The schema that migrations build is exactly the one the models describe."""

from __future__ import annotations

import asyncio
import os
import sys

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine
from sqlalchemy.ext.asyncio import create_async_engine

from contacthub.config import Settings
from contacthub.db.factory import database_for
from contacthub.db.migrate import alembic_config, applied_revision, head_revision
from contacthub.db.models import Base
from contacthub.db.search_index import include_name
from contacthub.db.urls import parse_database_url


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": include_name}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models(database_url: str) -> None:
    url = parse_database_url(database_url)
    if url.dialect == "sqlite":

        def compare() -> list[object]:
            engine = create_engine(url.sqlalchemy)
            with engine.connect() as connection:
                found = _differences(connection)
            engine.dispose()
            return found

        differences = await asyncio.to_thread(compare)
    else:
        engine = create_async_engine(url.sqlalchemy)
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
        await engine.dispose()
    assert differences == []


async def test_servers_started_at_once_migrate_one_after_another(fresh_url: str) -> None:
    """Three ``contacthub db upgrade`` at once on a store that needs every migration (a deploy
    of several servers): each waits for the one before (a lock around the migrations) and
    finds the store at the head, instead of two migrating the same version."""
    await asyncio.to_thread(command.downgrade, alembic_config(fresh_url), "base")
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": fresh_url}
    runs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "contacthub", "db", "upgrade",
            env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(3)
    ]  # fmt: skip
    outputs = await asyncio.gather(*(run.communicate() for run in runs))
    assert [run.returncode for run in runs] == [0, 0, 0], [
        out.decode()[-800:] for out, _ in outputs
    ]
    database = database_for(Settings(database_url=fresh_url, _env_file=None))  # type: ignore[call-arg]
    await database.connect()
    try:
        assert await applied_revision(database) == head_revision()
    finally:
        await database.close()
