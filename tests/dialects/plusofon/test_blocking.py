"""Plusofon's lists are the core's: black numbers are blocked for the whole organization (native
phone lookup), in any format, and lists made through one API are read through the other."""

from __future__ import annotations

import pytest
from httpx import AsyncClient as Client

from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list

FORMS = ["79998887766", "+7 999 888-77-66", "89998887766", "8 (999) 888 77 66"]


async def blocked(client: Client, org: Org, number: str) -> bool:
    answer = await client.get(f"/api/hub/v1/phones/{number}", headers=org.auth)
    assert answer.status_code == 200, answer.text
    result: bool = answer.json()["blocked"]
    return result


@pytest.mark.parametrize("written", FORMS)
async def test_a_black_number_is_blocked_in_every_format(
    client: Client, org: Org, written: str
) -> None:
    body = {"name": "Спам", "type": "black", "contacts": [{"name": "S", "phones": [written]}]}
    assert (await client.post(URL, json=body, headers=headers(org))).status_code == 201
    for asked in FORMS:
        assert await blocked(client, org, asked), (written, asked)
    assert not await blocked(client, org, "79998887767")
    read = (await client.get(f"{URL}/1", headers=headers(org))).json()
    assert read["contacts"][0]["phones"] == ["79998887766"]


async def test_a_white_list_blocks_nothing(client: Client, org: Org) -> None:
    body = {"name": "VIP", "type": "white", "contacts": [{"name": "V", "phones": ["79998887766"]}]}
    assert (await client.post(URL, json=body, headers=headers(org))).status_code == 201
    assert not await blocked(client, org, "79998887766")


async def test_put_moves_the_block_to_the_new_numbers(client: Client, org: Org) -> None:
    await make_list(org, "Спам", "black", {"Old": ["79161111111"]})
    body = {
        "name": "Спам",
        "type": "black",
        "contacts": [{"name": "New", "phones": ["79162222222"]}],
    }
    assert (await client.put(f"{URL}/1", json=body, headers=headers(org))).status_code == 200
    assert not await blocked(client, org, "89161111111")
    assert await blocked(client, org, "89162222222")


async def test_turning_a_list_white_without_contacts_lifts_the_block(
    client: Client, org: Org
) -> None:
    await make_list(org, "Спам", "black", {"Old": ["79161111111"]})
    assert await blocked(client, org, "79161111111")
    body = {"name": "Спам", "type": "white"}
    assert (await client.put(f"{URL}/1", json=body, headers=headers(org))).status_code == 200
    assert not await blocked(client, org, "79161111111")


async def test_deleting_a_list_lifts_the_block(client: Client, org: Org) -> None:
    await make_list(org, "Спам", "black", {"Old": ["79161111111"]})
    assert (await client.delete(f"{URL}/1", headers=headers(org))).status_code == 200
    assert not await blocked(client, org, "79161111111")


async def test_the_block_is_the_callers_organization_only(
    client: Client, org: Org, other_org: Org
) -> None:
    await make_list(org, "Спам", "black", {"Old": ["79161111111"]})
    assert await blocked(client, org, "79161111111")
    assert not await blocked(client, other_org, "79161111111")


async def test_a_list_made_in_the_native_api_is_read_here(client: Client, org: Org) -> None:
    native = {
        "name": "Из API",
        "type": "black",
        "entries": [{"name": "A", "phones": ["8 916 111-11-11"]}],
    }
    made = await client.post("/api/hub/v1/lists", json=native, headers=org.auth)
    assert made.status_code in (200, 201), made.text
    read = (await client.get(f"{URL}/{made.json()['id']}", headers=headers(org))).json()
    assert read["contacts"] == [{"name": "A", "phones": ["79161111111"]}]


async def test_a_list_made_here_is_read_in_the_native_api(client: Client, org: Org) -> None:
    body = {"name": "P", "type": "black", "contacts": [{"name": "A", "phones": ["+79161111111"]}]}
    assert (await client.post(URL, json=body, headers=headers(org))).status_code == 201
    native = (await client.get("/api/hub/v1/lists/1", headers=org.auth)).json()
    assert native["name"] == "P"
    assert [p["e164"] for p in native["entries"][0]["phones"]] == ["+79161111111"]
