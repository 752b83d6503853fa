"""Numbers that cannot be phones of their region (``12345``, ``900``) are refused at every
native door, with every wrong field named at once; real formats stay lenient."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from httpx import AsyncClient as Client

from tests.factories import Org, make_contact

API = "/api/hub/v1"
TOO_SHORT = "{!r} is not a valid phone number: too short"


async def test_a_contact_with_impossible_numbers_names_every_wrong_field(
    client: Client, org: Org
) -> None:
    body = {
        "name": "x" * 501,
        "email": "nope",
        "phones": [{"number": "12345"}, {"number": "8 (916) 123-45-67"}, {"number": "900"}],
        "tags": ["ok", ""],
        "fields": {"Город": "a\x00b"},
    }
    answer = await client.post(f"{API}/contacts", json=body, headers=org.auth)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["errors"] == {
        "name": ["name is longer than 500 characters"],
        "email": ["'nope' is not an e-mail address"],
        "phones[0]": [TOO_SHORT.format("12345")],
        "phones[2]": [TOO_SHORT.format("900")],
        "tags[1]": ["name is required"],
        "fields.Город": ["value contains a NUL character"],
    }
    assert problem["detail"] == "name is longer than 500 characters (and 5 more)"
    assert problem["code"] == "invalid"
    assert (await client.get(f"{API}/contacts", headers=org.auth)).json()["items"] == []


async def test_a_patch_names_every_wrong_field_and_changes_nothing(
    client: Client, org: Org
) -> None:
    contact = await make_contact(org, "Старое", ["79161234567"])
    answer = await client.patch(
        f"{API}/contacts/{contact.id}",
        json={"email": "nope", "phones": [{"number": "12345"}], "base_id": 999},
        headers=org.auth,
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == {
        "email": ["'nope' is not an e-mail address"],
        "base_id": ["contact base 999 does not exist"],
        "phones[0]": [TOO_SHORT.format("12345")],
    }
    current = (await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)).json()
    assert [p["e164"] for p in current["phones"]] == ["+79161234567"]


@pytest.mark.parametrize("written", ["8 (916) 123-45-67", "+7 916 123-45-67", "8-916-123-45-67"])
async def test_real_formats_are_one_number(client: Client, org: Org, written: str) -> None:
    answer = await client.post(
        f"{API}/contacts", json={"phones": [{"number": written}]}, headers=org.auth
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["phones"][0]["e164"] == "+79161234567"


@pytest.mark.parametrize("number", ["12345", "900"])
async def test_lookups_and_filters_refuse_what_is_no_number(
    client: Client, org: Org, number: str
) -> None:
    lookup = await client.get(f"{API}/phones/{number}", headers=org.auth)
    assert lookup.status_code == 422, lookup.text
    assert lookup.json()["code"] == "phone_invalid"
    assert lookup.json()["detail"] == TOO_SHORT.format(number)
    listing = await client.get(f"{API}/contacts", params={"phone": number}, headers=org.auth)
    assert listing.status_code == 422, listing.text
    assert listing.json()["errors"] == {"phone": [TOO_SHORT.format(number)]}


async def test_list_entries_name_every_impossible_number(client: Client, org: Org) -> None:
    body = {
        "name": "Стоп",
        "type": "black",
        "entries": [
            {"name": "A", "phones": ["12345", "79161234567"]},
            {"name": "", "phones": ["900"]},
        ],
    }
    answer = await client.post(f"{API}/lists", json=body, headers=org.auth)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == {
        "contacts.0.phones.0": [TOO_SHORT.format("12345")],
        "contacts.1.name": ["contacts.1.name is required"],
        "contacts.1.phones.0": [TOO_SHORT.format("900")],
    }


async def _imported(client: Client, org: Org, content: str) -> dict[str, Any]:
    answer = await client.post(
        f"{API}/imports",
        files={"file": ("base.csv", content.encode(), "text/csv")},
        headers=org.auth,
    )
    assert answer.status_code == 202, answer.text
    for _ in range(500):
        job = (await client.get(f"{API}/imports/{answer.json()['id']}", headers=org.auth)).json()
        if job["status"] in ("done", "failed"):
            return dict(job)
        await asyncio.sleep(0.01)
    raise AssertionError("the import did not finish")


async def test_an_import_rejects_impossible_numbers_and_never_merges_by_them(
    client: Client, org: Org
) -> None:
    """The report's file: ``12345`` on many rows became +712345 and dedupe by phone merged
    different people into one contact. Each such row is rejected with its reason."""
    rows = ["ФИО;Телефон"]
    rows += [f"Человек {i};12345" for i in range(5)]
    rows += ["Справка;900", "Анна;8 (916) 123-45-67", "Анна Иванова;+7 916 123-45-67"]
    job = await _imported(client, org, "\n".join(rows) + "\n")
    assert job["status"] == "done"
    assert job["counts"] == {"created": 1, "updated": 1, "skipped": 0, "invalid": 6}
    rejects = (await client.get(f"{API}/imports/{job['id']}/rejects", headers=org.auth)).json()
    assert [(r["row"], r["reason"]) for r in rejects["items"]] == [
        *((row, "phone: " + TOO_SHORT.format("12345")) for row in range(1, 6)),
        (6, "phone: " + TOO_SHORT.format("900")),
    ]
    contacts = (await client.get(f"{API}/contacts", headers=org.auth)).json()["items"]
    assert [(c["name"], [p["e164"] for p in c["phones"]]) for c in contacts] == [
        ("Анна Иванова", ["+79161234567"])
    ]
