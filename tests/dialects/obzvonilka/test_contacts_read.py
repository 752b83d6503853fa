"""Reading a base's contacts: the list, one contact, the search by external code."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from httpx import AsyncClient as Client

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, PhoneDraft
from tests.dialects.obzvonilka.support import NOT_FOUND, contact_json, header, key
from tests.factories import Org, make_base, make_contact


async def test_list_holds_the_bases_contacts_only_by_id(
    client: Client, org: Org, other_org: Org
) -> None:
    first = await make_base(org, "Первая")
    second = await make_base(org, "Вторая")
    await make_contact(org, "Лапшина Ирина Дмитриевна", ["89991112233"], base_id=first.id)
    await make_contact(org, "В другой базе", base_id=second.id)
    await make_contact(org, "Без базы")
    await make_contact(
        org, "Пётр", ["+7 495 123-45-67", "89161234567"], base_id=first.id, external_code="P-1"
    )
    await make_base(other_org)

    answer = await client.get("/api/contact_bases/1/contacts.json", params=key(org))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == [
        contact_json(1, name="Лапшина Ирина Дмитриевна", phone1="89991112233"),
        contact_json(
            4, name="Пётр", external_code="P-1", phone1="+7 495 123-45-67", phone2="89161234567"
        ),
    ]


async def test_an_empty_base_lists_an_empty_array(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.get("/api/contact_bases/1/contacts", headers=header(org))
    assert answer.status_code == 200
    assert answer.json() == []


async def test_a_big_base_is_listed_whole_across_pages(client: Client, org: Org) -> None:
    base = await make_base(org)
    async with org.hub.writing(org.id) as s:
        for n in range(1, 1203):
            await contacts.create_contact(
                s,
                ContactDraft(name=f"Контакт {n}", base_id=base.id, phones=[]),
            )
    answer = await client.get("/api/contact_bases/1/contacts.json", params=key(org))
    assert answer.status_code == 200
    listed = answer.json()
    assert [c["id"] for c in listed] == list(range(1, 1203))
    assert listed[-1] == contact_json(1202, name="Контакт 1202")


@pytest.mark.parametrize("segment", ["2", "x", "1.xml"])
async def test_the_list_of_an_unknown_base_is_a_404(client: Client, org: Org, segment: str) -> None:
    await make_base(org)
    answer = await client.get(f"/api/contact_bases/{segment}/contacts.json", params=key(org))
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND


async def test_show_one_contact_with_every_attribute(client: Client, org: Org) -> None:
    base = await make_base(org)
    draft = ContactDraft(
        name="Лапшина Ирина Дмитриевна",
        address="Москва, ул. Ленина, 1",
        description="перезвонить вечером",
        email="irina@example.com",
        external_code="EXT-1",
        www="https://example.com",
        base_id=base.id,
        phones=[PhoneDraft(number=f"8999000000{n}", remark=f"r{n}") for n in range(10)]
        + [PhoneDraft(number="89990000010")],
    )
    async with org.hub.writing(org.id) as s:
        created = await contacts.create_contact(s, draft)

    answer = await client.get(f"/api/contact_bases/1/contacts/{created.id}.json", params=key(org))

    assert answer.status_code == 200
    expected = contact_json(
        created.id,
        name="Лапшина Ирина Дмитриевна",
        address_string="Москва, ул. Ленина, 1",
        description="перезвонить вечером",
        email="irina@example.com",
        external_code="EXT-1",
        www="https://example.com",
    )
    for n in range(10):
        expected[f"phone{n + 1}"] = f"8999000000{n}"
        expected[f"phone_remark{n + 1}"] = f"r{n}"
    # The eleventh phone has no column in this API.
    assert answer.json() == expected


async def test_a_contact_is_reached_only_under_its_own_base(client: Client, org: Org) -> None:
    first = await make_base(org, "Первая")
    await make_base(org, "Вторая")
    contact = await make_contact(org, base_id=first.id)
    loose = await make_contact(org, "Без базы")
    gone = await make_contact(org, "Удалённый", base_id=first.id)
    async with org.hub.writing(org.id) as s:
        await contacts.delete_contact(s, gone.id)

    for path in (
        f"/api/contact_bases/2/contacts/{contact.id}.json",
        f"/api/contact_bases/1/contacts/{loose.id}.json",
        f"/api/contact_bases/1/contacts/{gone.id}.json",
        "/api/contact_bases/1/contacts/404.json",
        "/api/contact_bases/1/contacts/abc.json",
        f"/api/contact_bases/3/contacts/{contact.id}.json",
    ):
        answer = await client.get(path, params=key(org))
        assert answer.status_code == 404, path
        assert answer.json() == NOT_FOUND
    found = await client.get(f"/api/contact_bases/1/contacts/{contact.id}", params=key(org))
    assert found.status_code == 200


@pytest.mark.parametrize(
    "code", ["EXT-1", "A.1", "код 7Б", "ext_1%"], ids=["plain", "dot", "cyrillic", "percent"]
)
async def test_find_by_external_code(client: Client, org: Org, code: str) -> None:
    base = await make_base(org)
    await make_contact(org, "Другой код", base_id=base.id, external_code="OTHER")
    wanted = await make_contact(org, "Нужный", ["89991112233"], base_id=base.id, external_code=code)
    await make_contact(org, "Двойник", base_id=base.id, external_code=code)

    path = f"/api/contact_bases/1/contacts/find_by_external/{quote(code)}.json"
    answer = await client.get(path, params=key(org))

    assert answer.status_code == 200, answer.text
    assert answer.json() == contact_json(
        wanted.id, name="Нужный", external_code=code, phone1="89991112233"
    )


async def test_find_by_external_without_the_format_suffix(client: Client, org: Org) -> None:
    base = await make_base(org)
    wanted = await make_contact(org, base_id=base.id, external_code="X-9")
    answer = await client.get("/api/contact_bases/1/contacts/find_by_external/X-9", params=key(org))
    assert answer.status_code == 200
    assert answer.json()["id"] == wanted.id


async def test_find_by_external_looks_in_this_base_only(client: Client, org: Org) -> None:
    await make_base(org, "Первая")
    second = await make_base(org, "Вторая")
    await make_contact(org, base_id=second.id, external_code="EXT-1")
    await make_contact(org, external_code="EXT-1")
    for path in (
        "/api/contact_bases/1/contacts/find_by_external/EXT-1.json",
        "/api/contact_bases/1/contacts/find_by_external/NOPE.json",
        "/api/contact_bases/9/contacts/find_by_external/EXT-1.json",
        "/api/contact_bases/1/contacts/find_by_external/EXT%00-1.json",
    ):
        answer = await client.get(path, params=key(org))
        assert answer.status_code == 404, path
        assert answer.json() == NOT_FOUND
