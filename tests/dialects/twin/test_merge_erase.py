"""TWIN addresses contacts (its clients) by UUID: an absorbed contact's UUID answers the survivor,
an erased contact's does not answer at all."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient as Client

from tests.dialects.twin.conftest import Operator
from tests.dialects.twin.test_attributes import create, values_url
from tests.factories import Org

API = "/api/hub/v1"


async def _contact(client: Client, org: Org, name: str) -> dict[str, Any]:
    made = await client.post(f"{API}/contacts", json={"name": name}, headers=org.auth)
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


async def test_an_absorbed_uuid_answers_the_survivor(client: Client, operator: Operator) -> None:
    org = operator.org
    keep = await _contact(client, org, "Выживший")
    other = await _contact(client, org, "Поглощённый")
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [other["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    city = await create(client, operator, "Город")
    written = await client.post(
        values_url(other["uuid"], city), json={"value": "Тула"}, headers=operator.auth
    )
    assert written.status_code == 200, written.text
    survivor = (await client.get(f"{API}/contacts/{keep['id']}", headers=org.auth)).json()
    assert survivor["fields"] == {"Город": "Тула"}
    # Read through the absorbed UUID, the values are the survivor's, under the survivor's UUID.
    listed = await client.get(values_url(other["uuid"]), headers=operator.auth)
    assert listed.status_code == 200, listed.text
    assert [(i["clientId"], i["value"]) for i in listed.json()["items"]] == [(keep["uuid"], "Тула")]
    removed = await client.delete(values_url(other["uuid"], city), headers=operator.auth)
    assert removed.status_code == 200, removed.text
    survivor = (await client.get(f"{API}/contacts/{keep['id']}", headers=org.auth)).json()
    assert survivor["fields"] == {}


async def test_an_erased_uuid_answers_nothing(client: Client, operator: Operator) -> None:
    org = operator.org
    person = await _contact(client, org, "Стёртый")
    city = await create(client, operator, "Город")
    before = await client.post(
        values_url(person["uuid"], city), json={"value": "Тула"}, headers=operator.auth
    )
    assert before.status_code == 200, before.text
    erased = await client.post(f"{API}/contacts/{person['id']}/erase", headers=org.auth)
    assert erased.status_code == 204, erased.text
    listed = await client.get(values_url(person["uuid"]), headers=operator.auth)
    written = await client.post(
        values_url(person["uuid"], city), json={"value": "Орёл"}, headers=operator.auth
    )
    assert listed.status_code == written.status_code == 404
    assert "Тула" not in listed.text
