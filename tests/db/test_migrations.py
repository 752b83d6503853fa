"""The schema that migrations build is exactly the one the models describe."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine
from sqlalchemy.ext.asyncio import create_async_engine

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
