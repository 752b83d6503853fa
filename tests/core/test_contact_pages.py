"""A page of contacts with their tags and field values costs a few statements, not one a
contact."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, ContactFilter, filters
from contacthub.core.scope import Hub, Scope
from tests.factories import Org
from tests.support import TestClock


class CountingConnection:
    """A connection that counts the statements it is given and passes them on."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.statements: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.inner, name)
        if name.startswith(("fetch_", "execute")):

            async def counted(sql: str, *args: Any, **kwargs: Any) -> Any:
                self.statements.append(sql)
                return await found(sql, *args, **kwargs)

            return counted
        return found


async def _contacts(org: Org, count: int) -> None:
    async with org.hub.writing(org.id) as s:
        for i in range(count):
            await contacts.create_contact(
                s,
                ContactDraft(
                    name=f"c{i}", tags=[f"t{i % 3}", "all"], fields={"n": str(i), "z": "z"}
                ),
            )


@pytest.mark.parametrize("numbered", [True, False])
async def test_a_page_of_500_is_five_statements(hub: Hub, org: Org, numbered: bool) -> None:
    await _contacts(org, 500)
    async with hub.reading(org.id) as s:
        counting = CountingConnection(s.conn)
        scope = Scope(counting, s.org_id, s.env)  # type: ignore[arg-type]
        if numbered:
            found = await contacts.list_contacts_numbered(
                scope, ContactFilter(), page=1, per_page=500, with_tags=True, with_fields=True
            )
        else:
            page = await contacts.list_contacts(
                scope, ContactFilter(), limit=500, with_tags=True, with_fields=True
            )
            found = page.items
    # The rows, their phones, their vendor ids, their tags, their field values.
    assert len(counting.statements) == 5, counting.statements
    assert len(found) == 500
    for i, contact in enumerate(found):
        assert contact.tags == sorted([f"t{i % 3}", "all"])
        assert contact.fields == {"n": str(i), "z": "z"}
        assert list(contact.fields) == ["n", "z"]  # by field id, as getContactVariables


async def test_each_contact_gets_only_its_own_values(hub: Hub, org: Org, other_org: Org) -> None:
    await _contacts(org, 2)
    await _contacts(other_org, 2)
    async with hub.reading(org.id) as s:
        page = await contacts.list_contacts(s, ContactFilter(), with_fields=True)
    fields = [contact.fields for contact in page.items]
    assert fields == [{"n": "0", "z": "z"}, {"n": "1", "z": "z"}]
    assert [contact.tags for contact in page.items] == [None, None]  # not asked for


@pytest.mark.parametrize("span", [1, 10_000], ids=["walked in id order", "bounded by created_at"])
async def test_a_created_span_names_the_same_contacts_either_way(
    org: Org, clock: TestClock, monkeypatch: pytest.MonkeyPatch, span: int
) -> None:
    """Whether the created_at index bounds the walk by the span's ids (it names fewer than
    CREATED_SPAN) or the walk in id order finds them, the pages, numbered pages and counts are
    the same."""
    monkeypatch.setattr(filters, "CREATED_SPAN", span)
    clock.freeze(datetime(2024, 1, 1, tzinfo=UTC))
    made = []
    async with org.hub.writing(org.id) as s:
        for day in range(12):
            clock.advance(days=1)
            made.append(await contacts.create_contact(s, ContactDraft(name=f"day {day}")))
        await contacts.delete_contact(s, made[8].id)
    since = datetime(2024, 1, 6, tzinfo=UTC)
    until = datetime(2024, 1, 11, tzinfo=UTC)
    expected = [c.id for c in made[4:10] if c.id != made[8].id]
    where = ContactFilter(created_from=since, created_to=until)
    async with org.hub.reading(org.id) as s:
        walked: list[int] = []
        cursor = None
        while True:
            page = await contacts.list_contacts(s, where, limit=2, cursor=cursor)
            walked += [c.id for c in page.items]
            if (cursor := page.next_cursor) is None:
                break
        numbered = [
            c.id
            for n in (1, 2, 3)
            for c in await contacts.list_contacts_numbered(s, where, page=n, per_page=2)
        ]
        counted = await contacts.count_contacts(s, where)
        since_only = await contacts.count_contacts(s, ContactFilter(created_from=since))
    assert walked == numbered == expected
    assert counted == len(expected)
    assert since_only == len([c for c in made[4:] if c.id != made[8].id])
