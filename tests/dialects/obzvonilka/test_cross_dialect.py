"""One store behind every API: contacts made here elsewhere, black lists seen by the dialer."""

from __future__ import annotations

from httpx import AsyncClient as Client

from tests.dialects.obzvonilka.support import contact_json, form, key
from tests.factories import Org, make_base, make_list

NATIVE = "/api/hub/v1"


async def test_a_contact_added_here_is_a_native_contact_in_its_base(
    client: Client, org: Org
) -> None:
    await make_base(org)
    created = await client.post(
        "/api/contact_bases/1/contacts.json",
        params=key(org),
        files={"contact[name]": (None, "abc"), "contact[phone1]": (None, "8 999 111-22-33")},
    )
    assert created.status_code == 201
    native = await client.get(f"{NATIVE}/contacts/{created.json()['id']}", headers=org.auth)
    assert native.status_code == 200
    body = native.json()
    assert body["name"] == "abc"
    assert body["base_id"] == 1
    assert body["phones"] == [{"number": "8 999 111-22-33", "e164": "+79991112233", "remark": None}]
    listed = await client.get(f"{NATIVE}/contacts", params={"base_id": 1}, headers=org.auth)
    assert [c["id"] for c in listed.json()["items"]] == [created.json()["id"]]


async def test_a_native_contact_in_a_base_is_listed_here(client: Client, org: Org) -> None:
    await make_base(org)
    made = await client.post(
        f"{NATIVE}/contacts",
        headers=org.auth,
        json={
            "name": "Из родного API",
            "address": "Тверь",
            "base_id": 1,
            "phones": [{"number": "+79161234567", "remark": "основной"}, {"number": "84951234567"}],
        },
    )
    assert made.status_code == 201
    listed = await client.get("/api/contact_bases/1/contacts.json", params=key(org))
    assert listed.json() == [
        contact_json(
            made.json()["id"],
            name="Из родного API",
            address_string="Тверь",
            phone1="+79161234567",
            phone_remark1="основной",
            phone2="84951234567",
        )
    ]


async def test_a_black_listed_number_of_a_dialer_contact_shows_blocked(
    client: Client, org: Org
) -> None:
    await make_base(org)
    await client.post(
        "/api/contact_bases/1/contacts.json",
        params=key(org),
        data=form(name="Не звонить", phone1="8 (999) 111-22-33"),
    )
    before = await client.get(f"{NATIVE}/phones/89991112233", headers=org.auth)
    assert before.json()["blocked"] is False
    await make_list(org, "Стоп-лист", "black", {"Жалоба": ["+7 999 111 22 33"]})

    after = await client.get(f"{NATIVE}/phones/79991112233", headers=org.auth)

    assert after.status_code == 200
    report = after.json()
    assert report["blocked"] is True
    assert [contact["name"] for contact in report["contacts"]] == ["Не звонить"]
    assert [entry["type"] for entry in report["lists"]] == ["black"]


async def test_report_finds_contacts_of_every_base_by_any_form_of_the_number(
    client: Client, org: Org
) -> None:
    await make_base(org, "Первая")
    await make_base(org, "Вторая")
    for base, name, number in ((1, "А", "89991112233"), (2, "Б", "+7 999 111-22-33")):
        await client.post(
            f"/api/contact_bases/{base}/contacts.json",
            params=key(org),
            data=form(name=name, phone3=number),
        )
    await client.post(
        "/api/contact_bases/1/contacts.json", params=key(org), data=form(name="В", phone1="8495")
    )
    answer = await client.get(
        "/api/report/contacts.json", params={**key(org), "phone": "+79991112233"}
    )
    assert answer.status_code == 200
    assert answer.json() == [
        {**contact_json(1, name="А", phone3="89991112233"), "contact_base_id": 1},
        {**contact_json(2, name="Б", phone3="+7 999 111-22-33"), "contact_base_id": 2},
    ]
    nobody = await client.get("/api/report/contacts", params={**key(org), "phone": "84950000000"})
    assert nobody.json() == []


async def test_report_needs_a_readable_phone(client: Client, org: Org) -> None:
    for params, message in (
        ({}, "phone can't be blank"),
        ({"phone": " "}, "phone can't be blank"),
        ({"phone": "abc"}, "'abc' is not a valid phone number"),
    ):
        answer = await client.get("/api/report/contacts", params={**key(org), **params})
        assert answer.status_code == 422
        assert answer.json() == {"errors": {"phone": [message]}}
    nul = await client.get("/api/report/contacts", params={**key(org), "phone": "8999\x00"})
    assert nul.status_code == 400
    assert nul.json()["message"] == "a parameter contains a NUL character"
