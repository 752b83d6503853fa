"""Another organization's key on this organization's ids: 404 everywhere, nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient as Client

from contacthub.core import contacts
from tests.dialects.obzvonilka.support import NOT_FOUND, form, key
from tests.factories import Org, make_base, make_contact, make_user

READS = [
    "/api/contact_bases/1.json",
    "/api/contact_bases/1/contacts.json",
    "/api/contact_bases/1/contacts/1.json",
    "/api/contact_bases/1/contacts/find_by_external/E1.json",
    "/api/users/1.json",
]
WRITES: list[tuple[str, str]] = [
    ("POST", "/api/contact_bases/1/contacts.json"),
    ("PATCH", "/api/contact_bases/1/contacts/1.json"),
    ("PUT", "/api/contact_bases/1/contacts/1.json"),
    ("DELETE", "/api/contact_bases/1/contacts/1.json"),
    ("PATCH", "/api/contact_bases/1.json"),
    ("DELETE", "/api/users/1.json"),
]


async def orgs_records(org: Org, other_org: Org) -> None:
    base = await make_base(org, "Наша")
    await make_contact(org, "Иван", ["89991112233"], base_id=base.id, external_code="E1")
    await make_user(org, "op@example.com")
    # The stranger has records too, under other ids, so its key is good and its lists are not
    # empty by accident.
    theirs = await make_base(other_org, "Чужая")
    await make_contact(other_org, "Чужой", ["89991112233"], base_id=theirs.id)


async def snapshot(client: Client, org: Org) -> list[Any]:
    answers = [await client.get(path, params=key(org)) for path in READS]
    assert all(answer.status_code == 200 for answer in answers)
    return [answer.json() for answer in answers]


async def test_reads_with_a_foreign_key_answer_404(
    client: Client, org: Org, other_org: Org
) -> None:
    await orgs_records(org, other_org)
    for path in READS:
        answer = await client.get(path, params=key(other_org))
        assert answer.status_code == 404, path
        assert answer.json() == NOT_FOUND


async def test_lists_with_a_foreign_key_show_only_the_strangers_records(
    client: Client, org: Org, other_org: Org
) -> None:
    await orgs_records(org, other_org)
    bases = await client.get("/api/contact_bases.json", params=key(other_org))
    assert [base["name"] for base in bases.json()] == ["Чужая"]
    users = await client.get("/api/users.json", params=key(other_org))
    assert users.json() == []
    report = await client.get(
        "/api/report/contacts", params={**key(other_org), "phone": "89991112233"}
    )
    assert [contact["name"] for contact in report.json()] == ["Чужой"]


@pytest.mark.parametrize(("method", "path"), WRITES)
async def test_writes_with_a_foreign_key_answer_404_and_change_nothing(
    client: Client, org: Org, other_org: Org, method: str, path: str
) -> None:
    await orgs_records(org, other_org)
    before = await snapshot(client, org)
    answer = await client.request(
        method, path, params=key(other_org), data=form(name="Взлом", phone1="89990000000")
    )
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND
    assert await snapshot(client, org) == before
    async with other_org.hub.reading(other_org.id) as s:
        theirs = await contacts.list_contacts(s, contacts.ContactFilter(), limit=10)
    assert [contact.name for contact in theirs.items] == ["Чужой"]
