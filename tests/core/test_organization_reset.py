"""A reset leaves nothing of the organization but itself and its API tokens, in every table that
holds an organization's rows (a new table is covered the day it is added to the models)."""

from __future__ import annotations

from contacthub.core import organizations
from contacthub.core.scope import Hub
from contacthub.db.models import TABLES_CHILDREN_FIRST, Base
from tests.factories import Org, make_bot, make_contact, make_list, make_user

KEPT = {"api_tokens"}


async def _rows_of(hub: Hub, org: Org) -> dict[str, int]:
    found = {}
    async with hub.reading(org.id) as s:
        for table in TABLES_CHILDREN_FIRST:
            if "org_id" in Base.metadata.tables[table].c:
                sql = f"SELECT COUNT(*) FROM {table} WHERE org_id = :org"
                found[table] = int(await s.fetch_value(sql))
    return found


async def test_a_reset_leaves_only_the_organization_and_its_tokens(
    hub: Hub, org: Org, other_org: Org
) -> None:
    for who in (org, other_org):
        bot = await make_bot(who)
        await make_contact(who, "A", ["79161234567"], tags=["t"], fields={"f": "v"}, bot_id=bot.id)
        await make_list(who, entries={"X": ["79990000001"]})
        await make_user(who)
    before = await _rows_of(hub, org)
    for table in ("contacts", "contact_counts", "events"):
        assert before[table], table
    async with hub.writing(org.id) as s:
        await organizations.reset_organization(s)
    left = {table: n for table, n in (await _rows_of(hub, org)).items() if n}
    assert set(left) <= KEPT
    assert await _rows_of(hub, other_org) == before
