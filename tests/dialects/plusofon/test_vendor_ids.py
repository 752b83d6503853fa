"""Plusofon's own ids at its edge: a list moved over with its Plusofon id is reached and shown
by it (contacthub.core.vendor_ids, system ``plusofon``)."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient as Client

from contacthub.dialects.plusofon.routes import lists as list_routes
from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, native_post

API = "/api/hub/v1"
LIST = 15


STOP = {
    "name": "Стоп",
    "type": "black",
    "entries": [{"name": "Иван", "phones": ["+79161234567"]}],
    "vendor_ids": {"plusofon": LIST},
}


async def test_a_list_is_addressed_and_shown_by_its_plusofon_id(
    client: Client, full_lane: Client, org: Org
) -> None:
    stop = await native_post(client, org, "/lists", STOP)
    plain = await native_post(client, org, "/lists", {"name": "Белый", "type": "white"})

    page = (await client.get(URL, headers=headers(org))).json()
    assert [(item["id"], item["name"]) for item in page["data"]] == [
        (LIST, "Стоп"),
        (plain["id"], "Белый"),
    ]
    answers = [
        await lane.get(f"{URL}/{LIST}", headers=headers(org)) for lane in (client, full_lane)
    ]
    assert answers[0].content == answers[1].content
    assert answers[0].json() == {
        "success": True,
        "id": LIST,
        "name": "Стоп",
        "type": "black",
        "contacts": [{"name": "Иван", "phones": ["79161234567"]}],
    }
    # A list without a Plusofon id keeps its hub id.
    assert (await client.get(f"{URL}/{plain['id']}", headers=headers(org))).json()["id"] == plain[
        "id"
    ]
    # The hub id of a list known by a Plusofon id names nothing here, in either lane.
    for lane in (client, full_lane):
        hidden = await lane.get(f"{URL}/{stop['id']}", headers=headers(org))
        assert hidden.status_code == 404
    renamed = await client.put(
        f"{URL}/{LIST}", json={"name": "Стоп-2", "type": "black"}, headers=headers(org)
    )
    assert renamed.status_code == 200, renamed.text
    assert (await client.get(f"{URL}/{LIST}", headers=headers(org))).json()["name"] == "Стоп-2"
    refused = await client.put(
        f"{URL}/{stop['id']}", json={"name": "x", "type": "black"}, headers=headers(org)
    )
    assert refused.status_code == 404
    assert (await client.delete(f"{URL}/{stop['id']}", headers=headers(org))).status_code == 404
    assert (await client.delete(f"{URL}/{LIST}", headers=headers(org))).status_code == 200
    # A deleted list's id keeps naming it (gone), never the record whose hub id it is.
    assert (await client.get(f"{URL}/{LIST}", headers=headers(org))).status_code == 404


async def test_a_long_list_streams_with_its_plusofon_id(
    client: Client, org: Org, monkeypatch: Any
) -> None:
    monkeypatch.setattr(list_routes, "STREAM_PAGE", 1)
    entries = [{"name": f"N{i}", "phones": [f"+7916123456{i}"]} for i in range(3)]
    await native_post(client, org, "/lists", {**STOP, "entries": entries})
    answer = await client.get(f"{URL}/{LIST}", headers=headers(org))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["id"], len(body["contacts"])) == (LIST, 3)


async def test_another_organizations_plusofon_ids_are_never_reached(
    client: Client, org: Org, other_org: Org
) -> None:
    await native_post(client, other_org, "/lists", STOP)
    assert (await client.get(f"{URL}/{LIST}", headers=headers(org))).status_code == 404
    put = await client.put(
        f"{URL}/{LIST}", json={"name": "x", "type": "black"}, headers=headers(org)
    )
    assert put.status_code == 404
    assert (await client.delete(f"{URL}/{LIST}", headers=headers(org))).status_code == 404
    assert (await client.get(URL, headers=headers(org))).json()["data"] == []
