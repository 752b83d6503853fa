"""Migration 0013 keeps the merges made before it: an absorbed contact's external code, copied
from its kept row into its alias, answers the survivor after the row is purged."""

from __future__ import annotations

import asyncio

from alembic import command

from contacthub.core.contacts import lifecycle
from contacthub.core.contacts.reads import find_by_external_code
from contacthub.db.migrate import alembic_config, upgrade
from tests.factories import make_contact, make_org
from tests.support import TestClock, hub_at

BEFORE = "0012_email_folded"


async def test_codes_of_earlier_merges_survive_the_upgrade_and_the_purge(
    fresh_url: str, clock: TestClock
) -> None:
    now = clock.freeze()
    await asyncio.to_thread(command.downgrade, alembic_config(fresh_url), BEFORE)
    hub = hub_at(fresh_url, clock)
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
    hub = hub_at(fresh_url, clock)
    await hub.db.connect()
    clock.advance(days=31)
    assert await lifecycle.purge_deleted(hub, clock(), restore_days=30) == 1
    async with hub.reading(org.id) as s:
        assert (await find_by_external_code(s, "G-1")).id == survivor.id
    await hub.db.close()
    # And back: the column and the table go.
    await asyncio.to_thread(command.downgrade, alembic_config(fresh_url), BEFORE)
