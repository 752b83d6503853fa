"""``vendor_ids`` through /api/hub/v1: set on create and PATCH, removed with null, unique per
organization, kind and system, and never seen or blocked by another organization."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from tests.factories import Org

API = "/api/hub/v1"
TWIN_CLIENT = "35e45a67-0000-4000-8000-9dc052045452"


async def test_contact_vendor_ids_create_read_patch_remove(client: AsyncClient, org: Org) -> None:
    created = await client.post(
        f"{API}/contacts",
        json={"name": "Иван", "vendor_ids": {"watbot": 118, "twin": TWIN_CLIENT.upper()}},
        headers=org.auth,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["vendor_ids"] == {"twin": TWIN_CLIENT, "watbot": 118}
    got = (await client.get(f"{API}/contacts/{body['id']}", headers=org.auth)).json()
    assert got["vendor_ids"] == {"twin": TWIN_CLIENT, "watbot": 118}

    patched = await client.patch(
        f"{API}/contacts/{body['id']}",
        json={"vendor_ids": {"watbot": None, "obzvonilka": "A-17"}},
        headers=org.auth,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["vendor_ids"] == {"obzvonilka": "A-17", "twin": TWIN_CLIENT}
    listed = (await client.get(f"{API}/contacts", headers=org.auth)).json()
    assert listed["items"][0]["vendor_ids"] == {"obzvonilka": "A-17", "twin": TWIN_CLIENT}


async def test_a_contact_without_vendor_ids_answers_an_empty_object(
    client: AsyncClient, org: Org
) -> None:
    created = await client.post(f"{API}/contacts", json={"name": "Пётр"}, headers=org.auth)
    assert created.json()["vendor_ids"] == {}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/bots", {"name": "Продажи"}),
        ("/bases", {"name": "Обзвон"}),
        ("/lists", {"name": "Стоп", "type": "black"}),
        ("/fields", {"name": "Город"}),
    ],
)
async def test_records_carry_vendor_ids(
    client: AsyncClient, org: Org, path: str, body: dict[str, object]
) -> None:
    created = await client.post(
        f"{API}{path}", json={**body, "vendor_ids": {"watbot": 72975}}, headers=org.auth
    )
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["vendor_ids"] == {"watbot": 72975}
    got = (await client.get(f"{API}{path}/{record['id']}", headers=org.auth)).json()
    assert got["vendor_ids"] == {"watbot": 72975}
    listed = (await client.get(f"{API}{path}", headers=org.auth)).json()
    assert [item["vendor_ids"] for item in listed["items"]] == [{"watbot": 72975}]

    patched = await client.patch(
        f"{API}{path}/{record['id']}",
        json={"vendor_ids": {"watbot": None, "plusofon": 15}},
        headers=org.auth,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["vendor_ids"] == {"plusofon": 15}
    assert patched.json()["name"] == body["name"]

    duplicate = await client.post(
        f"{API}{path}",
        json={**body, "name": "Другой", "vendor_ids": {"plusofon": 15}},
        headers=org.auth,
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "vendor_id_taken"
    # The refused create left nothing behind.
    listed = (await client.get(f"{API}{path}", headers=org.auth)).json()
    assert len(listed["items"]) == 1

    assert (await client.delete(f"{API}{path}/{record['id']}", headers=org.auth)).status_code == 204
    again = await client.post(
        f"{API}{path}", json={**body, "vendor_ids": {"plusofon": 15}}, headers=org.auth
    )
    assert again.status_code == 201, again.text


async def test_a_duplicate_vendor_id_in_one_organization_is_409(
    client: AsyncClient, org: Org
) -> None:
    first = await client.post(
        f"{API}/contacts", json={"name": "A", "vendor_ids": {"watbot": 5}}, headers=org.auth
    )
    second = await client.post(f"{API}/contacts", json={"name": "B"}, headers=org.auth)
    taken = await client.patch(
        f"{API}/contacts/{second.json()['id']}",
        json={"name": "B2", "vendor_ids": {"watbot": "5"}},
        headers=org.auth,
    )
    assert taken.status_code == 409
    assert taken.json()["code"] == "vendor_id_taken"
    # Nothing of the refused PATCH was written.
    unchanged = (await client.get(f"{API}/contacts/{second.json()['id']}", headers=org.auth)).json()
    assert unchanged["name"] == "B"
    assert unchanged["vendor_ids"] == {}
    # The same id in another system, or kept by the same contact, is fine.
    other_system = await client.patch(
        f"{API}/contacts/{second.json()['id']}",
        json={"vendor_ids": {"obzvonilka": 5}},
        headers=org.auth,
    )
    assert other_system.status_code == 200
    same = await client.patch(
        f"{API}/contacts/{first.json()['id']}", json={"vendor_ids": {"watbot": 5}}, headers=org.auth
    )
    assert same.status_code == 200


async def test_two_organizations_may_hold_the_same_vendor_id(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    for owner in (org, other_org):
        made = await client.post(
            f"{API}/bots", json={"name": "Bot", "vendor_ids": {"watbot": 72975}}, headers=owner.auth
        )
        assert made.status_code == 201, made.text
    mine = (await client.get(f"{API}/bots", headers=org.auth)).json()["items"]
    assert len(mine) == 1


@pytest.mark.parametrize(
    ("vendor_ids", "field"),
    [
        ({"amocrm": 1}, "vendor_ids"),
        ({"watbot": -1}, "vendor_ids.watbot"),
        ({"watbot": "a b"}, "vendor_ids.watbot"),
        ({"watbot": "x" * 65}, "vendor_ids.watbot"),
        ({"watbot": "a/b"}, "vendor_ids.watbot"),
        ({"watbot": 2**63}, "vendor_ids.watbot"),
    ],
)
async def test_bad_vendor_ids_are_422(
    client: AsyncClient, org: Org, vendor_ids: dict[str, object], field: str
) -> None:
    answer = await client.post(
        f"{API}/contacts", json={"name": "A", "vendor_ids": vendor_ids}, headers=org.auth
    )
    assert answer.status_code in (400, 422), answer.text
    if answer.status_code == 422:
        assert field in str(answer.json())
    listed = (await client.get(f"{API}/contacts", headers=org.auth)).json()
    assert listed["items"] == []
