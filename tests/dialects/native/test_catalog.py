"""Tags, fields, bots and contact bases through /api/hub/v1."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import Org, make_contact

API = "/api/hub/v1"


async def test_tags_crud(client: AsyncClient, org: Org) -> None:
    created = await client.post(f"{API}/tags", json={"name": "Горячий"}, headers=org.auth)
    assert created.status_code == 201
    tag = created.json()
    assert tag["name"] == "Горячий"
    duplicate = await client.post(f"{API}/tags", json={"name": "Горячий"}, headers=org.auth)
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "tag_exists"
    contact = await make_contact(org, tags=["Горячий"])

    renamed = await client.patch(f"{API}/tags/{tag['id']}", json={"name": "VIP"}, headers=org.auth)
    assert renamed.json()["name"] == "VIP"
    got = await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)
    assert got.json()["tags"] == ["VIP"]

    assert (await client.delete(f"{API}/tags/{tag['id']}", headers=org.auth)).status_code == 204
    assert (await client.get(f"{API}/tags/{tag['id']}", headers=org.auth)).status_code == 404
    got = await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)
    assert got.json()["tags"] == []


async def test_fields_crud_by_id_and_uuid(client: AsyncClient, org: Org) -> None:
    created = (await client.post(f"{API}/fields", json={"name": "Город"}, headers=org.auth)).json()
    assert created["name"] == "Город"
    assert len(created["uuid"]) == 36
    by_uuid = await client.get(f"{API}/fields/{created['uuid']}", headers=org.auth)
    assert by_uuid.json() == created
    contact = await make_contact(org, fields={"Город": "Москва"})

    await client.patch(f"{API}/fields/{created['id']}", json={"name": "City"}, headers=org.auth)
    got = await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)
    assert got.json()["fields"] == {"City": "Москва"}

    conflict = await client.post(f"{API}/fields", json={"name": "City"}, headers=org.auth)
    assert conflict.status_code == 409
    assert (
        await client.delete(f"{API}/fields/{created['uuid']}", headers=org.auth)
    ).status_code == 204
    got = await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)
    assert got.json()["fields"] == {}


async def test_bots_crud(client: AsyncClient, org: Org) -> None:
    bot = (await client.post(f"{API}/bots", json={"name": "Продажи"}, headers=org.auth)).json()
    contact = await make_contact(org, bot_id=bot["id"])
    renamed = await client.patch(
        f"{API}/bots/{bot['id']}", json={"name": "Sales"}, headers=org.auth
    )
    assert renamed.json()["name"] == "Sales"
    assert (await client.delete(f"{API}/bots/{bot['id']}", headers=org.auth)).status_code == 204
    # The contact stays, with no bot.
    got = await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)
    assert got.status_code == 200
    assert got.json()["bot_id"] is None


async def test_bases_crud(client: AsyncClient, org: Org) -> None:
    body = {"name": "Холодная база", "remark": "октябрь", "select_from_last": True}
    base = (await client.post(f"{API}/bases", json=body, headers=org.auth)).json()
    assert base["name"] == "Холодная база"
    assert base["select_from_last"] is True
    assert base["deleted"] is False
    assert base["parser_name"] is None
    patched = await client.patch(
        f"{API}/bases/{base['id']}", json={"deleted": True, "remark": None}, headers=org.auth
    )
    assert patched.json()["deleted"] is True
    assert patched.json()["remark"] is None
    assert patched.json()["name"] == "Холодная база"
    contact = await make_contact(org, base_id=base["id"])
    assert (await client.delete(f"{API}/bases/{base['id']}", headers=org.auth)).status_code == 204
    got = await client.get(f"{API}/contacts/{contact.id}", headers=org.auth)
    assert got.json()["base_id"] is None


@pytest.mark.parametrize("resource", ["tags", "fields", "bots", "bases"])
async def test_small_collections_paginate(client: AsyncClient, org: Org, resource: str) -> None:
    for i in range(5):
        answer = await client.post(f"{API}/{resource}", json={"name": f"n{i}"}, headers=org.auth)
        assert answer.status_code == 201, answer.text
    first = (await client.get(f"{API}/{resource}?limit=2", headers=org.auth)).json()
    assert [item["name"] for item in first["items"]] == ["n0", "n1"]
    rest: list[Any] = []
    cursor = first["next_cursor"]
    while cursor:
        page = (
            await client.get(f"{API}/{resource}", params={"cursor": cursor}, headers=org.auth)
        ).json()
        rest += page["items"]
        cursor = page["next_cursor"]
    assert [item["name"] for item in rest] == ["n2", "n3", "n4"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("tags", {"name": ""}),
        ("tags", {"name": "   "}),
        ("fields", {"name": "x" * 256}),
        ("bots", {}),
        ("bases", {"name": ""}),
    ],
)
async def test_bad_names_are_refused(
    client: AsyncClient, org: Org, path: str, body: dict[str, Any]
) -> None:
    answer = await client.post(f"{API}/{path}", json=body, headers=org.auth)
    assert answer.status_code in (400, 422), answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"{API}/{path}", headers=org.auth)).json()["items"] == []


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "limit=abc", "cursor=forged"])
async def test_bad_paging_parameters(client: AsyncClient, org: Org, query: str) -> None:
    answer = await client.get(f"{API}/contacts?{query}", headers=org.auth)
    assert answer.status_code in (400, 422)
    assert answer.json()["status"] == answer.status_code
