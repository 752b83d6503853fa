"""A searched text is planned for its own value on PostgreSQL (Connection.custom_plans): after
five runs of a prepared statement PostgreSQL may switch to a generic plan, and the generic plan
of ``LIKE :text`` walked a million contacts in id order (900 ms for a rare e-mail)."""

from __future__ import annotations

from typing import Any

import pytest

from contacthub.core import contacts
from contacthub.core.contacts import ContactFilter
from contacthub.core.scope import Hub
from tests.factories import Org, make_contact


async def test_plans_are_custom_inside_and_as_before_after(hub: Hub) -> None:
    if hub.db.dialect != "postgresql":
        async with hub.db.read() as conn, conn.custom_plans():
            return  # nothing to change on SQLite
    async with hub.db.read() as conn:
        async with conn.custom_plans():
            assert await conn.fetch_value("SHOW plan_cache_mode") == "force_custom_plan"
        assert await conn.fetch_value("SHOW plan_cache_mode") == "auto"
    async with hub.db.write() as conn, conn.custom_plans():
        assert await conn.fetch_value("SHOW plan_cache_mode") == "force_custom_plan"
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SHOW plan_cache_mode") == "auto"


@pytest.mark.parametrize("text", ["иван", None])
async def test_a_search_and_only_a_search_is_planned_for_itself(
    hub: Hub, org: Org, monkeypatch: pytest.MonkeyPatch, text: str | None
) -> None:
    await make_contact(org, "Иван Петров", ["79990000001"])
    entered: list[Any] = []
    async with hub.reading(org.id) as s:
        original = s.conn.custom_plans

        def spy() -> Any:
            entered.append(True)
            return original()

        monkeypatch.setattr(s.conn, "custom_plans", spy)
        where = ContactFilter(text=text)
        await contacts.list_contacts(s, where)
        await contacts.count_contacts(s, where)
        await contacts.list_contacts_numbered(s, where, page=1, per_page=5)
    # A search's page may take two statements (its two tiers), a count and a numbered page one.
    assert len(entered) >= 3 if text else entered == []
