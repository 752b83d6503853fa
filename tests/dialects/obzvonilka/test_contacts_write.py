"""POST and PATCH/PUT of a base's contacts, in every body form the vendor's clients send."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient as Client

from tests.dialects.obzvonilka.support import (
    NOT_FOUND,
    all_contacts,
    contact_json,
    form,
    key,
    multipart,
    seeded,
    stored,
)
from tests.factories import Org, make_base, make_contact

URL = "/api/contact_bases/1/contacts.json"
EVERYTHING = {
    "name": "Лапшина Ирина Дмитриевна",
    "address_string": "Москва, ул. Ленина, 1",
    "description": "перезвонить вечером",
    "email": "irina@example.com",
    "external_code": "EXT-1",
    "www": "https://example.com",
    "phone1": "8 (999) 111-22-33",
    "phone_remark1": "мобильный",
    "phone10": "+7 495 123-45-67",
    "phone_remark10": "офис",
}


def body_kwargs(kind: str, attributes: dict[str, str]) -> dict[str, Any]:
    if kind == "multipart":
        return {"files": multipart(form(**attributes))}
    if kind == "urlencoded":
        return {"data": form(**attributes)}
    if kind == "json":
        return {"json": {"contact": attributes}}
    assert kind == "json-unwrapped"
    return {"json": attributes}


BODY_KINDS = ["multipart", "urlencoded", "json", "json-unwrapped"]


@pytest.mark.parametrize("kind", BODY_KINDS)
async def test_create_with_every_attribute(client: Client, org: Org, kind: str) -> None:
    await make_base(org)
    answer = await client.post(URL, params=key(org), **body_kwargs(kind, EVERYTHING))

    assert answer.status_code == 201, answer.text
    assert answer.json() == contact_json(1, **EVERYTHING)
    assert (
        answer.headers["location"] == "http://contacthub.test/api/contact_bases/1/contacts/1.json"
    )
    contact = await stored(org, 1)
    assert contact.base_id == 1
    assert contact.address == "Москва, ул. Ленина, 1"
    assert [(p.position, p.number, p.e164, p.remark) for p in contact.phones] == [
        (0, "8 (999) 111-22-33", "+79991112233", "мобильный"),
        (9, "+7 495 123-45-67", "+74951234567", "офис"),
    ]
    shown = await client.get("/api/contact_bases/1/contacts/1.json", params=key(org))
    assert shown.json() == answer.json()


async def test_a_number_no_country_has_is_refused_and_never_stored(
    client: Client, org: Org
) -> None:
    """The document's example ``phone1=987654321`` has nine digits: read as Russian it would
    be the wrong number +7987654321, so it is refused with the attribute named."""
    await make_base(org)
    answer = await client.post(
        URL, params=key(org), files=multipart(form(name="abc", phone1="987654321"))
    )
    assert answer.status_code == 422, answer.text
    assert answer.json() == {
        "errors": {"phone1": ["'987654321' is not a valid phone number: too short"]}
    }
    assert (await client.get(URL, params=key(org))).json() == []


async def test_a_number_the_plan_does_not_list_is_kept_as_written(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.post(
        URL, params=key(org), files=multipart(form(name="abc", phone1="+7 000 123-45-67"))
    )
    assert answer.status_code == 201, answer.text
    assert answer.json() == contact_json(1, name="abc", phone1="+7 000 123-45-67")
    assert (await stored(org, 1)).phones[0].e164 == "+70001234567"


async def test_json_numbers_are_taken_as_phone_text(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.post(
        URL, params=key(org), json={"contact": {"name": "N", "phone1": 79991234567}}
    )
    assert answer.status_code == 201
    assert answer.json()["phone1"] == "79991234567"


async def test_unknown_attributes_are_ignored(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.post(
        URL,
        params=key(org),
        data={**form(name="A", id="99", contact_base_id="5", phone11="1"), "extra": "x"},
    )
    assert answer.status_code == 201
    assert answer.json() == contact_json(1, name="A")
    assert (await stored(org, 1)).base_id == 1


async def test_create_in_an_unknown_base_is_a_404_and_creates_nothing(
    client: Client, org: Org
) -> None:
    await make_base(org)
    answer = await client.post(
        "/api/contact_bases/2/contacts.json", params=key(org), data=form(name="A")
    )
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND
    assert await all_contacts(org) == []


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
@pytest.mark.parametrize("kind", BODY_KINDS)
async def test_update_changes_only_what_is_named(
    client: Client, org: Org, method: str, kind: str
) -> None:
    contact = await seeded(org)
    answer = await client.request(
        method,
        f"/api/contact_bases/1/contacts/{contact.id}.json",
        params=key(org),
        **body_kwargs(kind, {"name": "abcd", "phone1": "9876543210", "phone_remark2": "рабочий"}),
    )
    assert answer.status_code == 200, answer.text
    expected = contact_json(
        contact.id,
        name="abcd",
        email="p@example.com",
        www="https://p.ru",
        phone1="9876543210",
        phone_remark1="мобильный",
        phone2="84951234567",
        phone_remark2="рабочий",
    )
    assert answer.json() == expected
    after = await stored(org, contact.id)
    assert [p.e164 for p in after.phones] == ["+79876543210", "+74951234567"]
    shown = await client.get(f"/api/contact_bases/1/contacts/{contact.id}.json", params=key(org))
    assert shown.json() == expected


async def test_blank_or_null_clears_and_a_new_slot_keeps_the_others(
    client: Client, org: Org
) -> None:
    contact = await seeded(org)
    path = f"/api/contact_bases/1/contacts/{contact.id}.json"
    cleared = await client.patch(
        path, params=key(org), data=form(email="", phone1="", phone5="8 800 555-35-35")
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json() == contact_json(
        contact.id,
        name="Пётр",
        www="https://p.ru",
        phone2="84951234567",
        phone_remark2="офис",
        phone5="8 800 555-35-35",
    )
    nulled = await client.patch(path, params=key(org), json={"contact": {"www": None}})
    assert nulled.json()["www"] is None
    assert nulled.json()["phone5"] == "8 800 555-35-35"


async def test_phones_beyond_the_tenth_survive_a_patch(client: Client, org: Org) -> None:
    base = await make_base(org)
    numbers = [f"8999000000{n}" for n in range(10)] + ["89990000010", "89990000011"]
    contact = await make_contact(org, "Много", numbers, base_id=base.id)
    answer = await client.patch(
        f"/api/contact_bases/1/contacts/{contact.id}.json",
        params=key(org),
        data=form(phone3="89161234567"),
    )
    assert answer.status_code == 200
    after = await stored(org, contact.id)
    assert [p.number for p in after.phones] == [*numbers[:2], "89161234567", *numbers[3:]]
