"""Migration 0013 keeps the merges made before it: an absorbed contact's external code, copied
from its kept row into its alias, answers the survivor after the row is purged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command

from contacthub.config import Settings
from contacthub.core.contacts import lifecycle
from contacthub.core.contacts.reads import find_by_external_code
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.db.migrate import alembic_config, upgrade
from tests.factories import make_contact, make_org
from tests.support import (
    TestClock,
    create_postgres_database,
    create_sqlite_database,
    drop_postgres_database,
)

BEFORE = "0012_email_folded"


@pytest.fixture
async def fresh_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own: this test moves its schema back and forth."""
    if backend == "postgresql":
        url = await create_postgres_database()
        yield url
        await drop_postgres_database(url)
    else:
        yield await create_sqlite_database(tmp_path)


def _hub(url: str, clock: TestClock) -> Hub:
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    return Hub(database_for(settings), Env(clock=clock))


async def test_codes_of_earlier_merges_survive_the_upgrade_and_the_purge(
    fresh_url: str, clock: TestClock
) -> None:
    now = clock.freeze()
    await asyncio.to_thread(command.downgrade, alembic_config(fresh_url), BEFORE)
    hub = _hub(fresh_url, clock)
    await hub.db.connect()
    org = await make_org(hub)
    survivor = await make_contact(org, "Выживший", [])
    absorbed = await make_contact(org, "Поглощённый", [], external_code="G-1")
    async with hub.db.write() as conn:  # a merge as revision 0012 wrote it
        await conn.execute(
            "UPDATE contacts SET deleted_at = :now WHERE id = :id", {"now": now, "id": absorbed.id}
        )
        await conn.execute(
            "INSERT INTO contact_aliases (alias_id, alias_uuid, org_id, contact_id, created_at)"
            " VALUES (:id, :uuid, :org, :survivor, :now)",
            {
                "id": absorbed.id,
                "uuid": absorbed.uuid,
                "org": org.id,
                "survivor": survivor.id,
                "now": now,
            },
        )
    await hub.db.close()

    await asyncio.to_thread(upgrade, fresh_url, "head")
    hub = _hub(fresh_url, clock)
    await hub.db.connect()
    clock.advance(days=31)
    assert await lifecycle.purge_deleted(hub, clock(), restore_days=30) == 1
    async with hub.reading(org.id) as s:
        assert (await find_by_external_code(s, "G-1")).id == survivor.id
    await hub.db.close()
    # And back: the column and the table go.
    await asyncio.to_thread(command.downgrade, alembic_config(fresh_url), BEFORE)
