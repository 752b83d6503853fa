"""A page of contacts with their tags and field values costs a few statements, not one a
contact."""

from __future__ import annotations

from typing import Any

import pytest

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, ContactFilter
from contacthub.core.scope import Hub, Scope
from tests.factories import Org


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
