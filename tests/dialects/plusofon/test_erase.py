"""An erased person's numbers leave Plusofon's lists (an entry left without numbers goes) and
the organization's blocking lookup; other entries stay as they were."""

from __future__ import annotations

from httpx import AsyncClient as Client

from tests.dialects.plusofon.support import URL, headers
from tests.dialects.plusofon.test_blocking import blocked
from tests.factories import Org

API = "/api/hub/v1"


async def test_an_erased_number_leaves_the_lists_and_the_lookup(client: Client, org: Org) -> None:
    person = await client.post(
        f"{API}/contacts",
        json={"name": "Зинаида", "phones": [{"number": "+7 916 123-98-76"}]},
        headers=org.auth,
    )
    assert person.status_code == 201, person.text
    body = {
        "name": "Стоп",
        "type": "black",
        "contacts": [
            {"name": "Зинаида", "phones": ["79161239876"]},
            {"name": "Двое", "phones": ["89161239876", "79990000001"]},
            {"name": "Спам", "phones": ["79990000002"]},
        ],
    }
    made = await client.post(URL, json=body, headers=headers(org))
    assert made.status_code == 201, made.text
    list_url = made.headers["location"].removeprefix("http://contacthub.test")
    assert await blocked(client, org, "79161239876")
    erased = await client.post(f"{API}/contacts/{person.json()['id']}/erase", headers=org.auth)
    assert erased.status_code == 204, erased.text

    assert not await blocked(client, org, "79161239876")
    assert await blocked(client, org, "79990000001")
    read = await client.get(list_url, headers=headers(org))
    assert read.status_code == 200, read.text
    assert [(c["name"], c["phones"]) for c in read.json()["contacts"]] == [
        ("Двое", ["79990000001"]),
        ("Спам", ["79990000002"]),
    ]
    listed = await client.get(URL, headers=headers(org))
    assert "9161239876" not in listed.text
    assert "Зинаида" not in read.text
