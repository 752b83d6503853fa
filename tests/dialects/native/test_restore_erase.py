"""Delete, restore and erase through /api/hub/v1/contacts, and what every dialect sees after."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from contacthub.core.contacts import lifecycle
from contacthub.core.scope import Hub
from tests.factories import Org, make_base
from tests.support import TestClock

API = "/api/hub/v1"
PERSON = {
    "name": "Зинаида Стёртая",
    "email": "zinaida@example.org",
    "external_code": "Z-1",
    "phones": [{"number": "+7 916 123-98-76"}],
    "tags": ["vip"],
    "fields": {"city": "Тула"},
}


async def _make(client: AsyncClient, org: Org) -> dict[str, Any]:
    made = await client.post(f"{API}/contacts", json=PERSON, headers=org.auth)
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


async def test_a_deleted_contact_is_restored_within_the_window(
    client: AsyncClient, org: Org, clock: TestClock
) -> None:
    clock.freeze()
    contact = await _make(client, org)
    url = f"{API}/contacts/{contact['id']}"
    live = await client.post(f"{url}/restore", headers=org.auth)
    assert live.status_code == 409
    assert live.json()["code"] == "not_deleted"
    assert (await client.delete(url, headers=org.auth)).status_code == 204
    assert (await client.get(url, headers=org.auth)).status_code == 404
    clock.advance(days=29)
    restored = await client.post(f"{url}/restore", headers=org.auth)
    assert restored.status_code == 200, restored.text
    assert restored.json()["phones"][0]["e164"] == "+79161239876"
    assert restored.json()["tags"] == ["vip"]
    assert (await client.get(url, headers=org.auth)).json()["name"] == PERSON["name"]
    types = [
        e["type"] for e in (await client.get(f"{API}/events", headers=org.auth)).json()["items"]
    ]
    assert types == ["contact.created", "contact.deleted", "contact.restored"]
    # Deleted again, past the window: refused, then purged by the server's chore.
    await client.delete(url, headers=org.auth)
    clock.advance(days=31)
    late = await client.post(f"{url}/restore", headers=org.auth)
    assert late.status_code == 409
    assert late.json()["code"] == "restore_window_passed"
    hub: Hub = org.hub
    assert await lifecycle.purge_deleted(hub, clock(), restore_days=30) == 1
    assert (await client.post(f"{url}/restore", headers=org.auth)).status_code == 404
    # Its history outlives it.
    history = await client.get(f"{url}/history", headers=org.auth)
    assert history.status_code == 404  # the row is gone; the feed keeps the events
    feed = (await client.get(f"{API}/events", headers=org.auth)).json()["items"]
    assert [e["type"] for e in feed][-1] == "contact.deleted"


async def test_erase_leaves_a_tombstone_and_one_event_without_personal_data(
    client: AsyncClient, org: Org
) -> None:
    contact = await _make(client, org)
    url = f"{API}/contacts/{contact['id']}"
    await client.patch(url, json={"description": "звонить вечером"}, headers=org.auth)
    made = await client.post(
        f"{API}/lists",
        json={
            "name": "Стоп",
            "type": "black",
            "entries": [
                {"name": "Зинаида", "phones": ["79161239876"]},
                {"name": "Общий", "phones": ["79161239876", "79035550000"]},
            ],
        },
        headers=org.auth,
    )
    list_id = made.json()["id"]
    await client.post(
        f"{API}/lists/{list_id}/entries",
        json={"name": "Ещё раз", "phones": ["89161239876"]},
        headers=org.auth,
    )
    erased = await client.post(f"{url}/erase", headers=org.auth)
    assert erased.status_code == 204, erased.text

    assert (await client.get(url, headers=org.auth)).status_code == 404
    assert (await client.post(f"{url}/erase", headers=org.auth)).status_code == 404
    again = await client.post(f"{url}/restore", headers=org.auth)
    assert (again.status_code, again.json()["code"]) == (409, "erased")
    entries = (await client.get(f"{API}/lists/{list_id}", headers=org.auth)).json()["entries"]
    assert [(e["name"], [p["e164"] for p in e["phones"]]) for e in entries] == [
        ("Общий", ["+79035550000"])
    ]
    blocked = (await client.get(f"{API}/phones/79161239876", headers=org.auth)).json()
    assert blocked["blocked"] is False
    found = await client.get(f"{API}/contacts", params={"q": "Зинаида"}, headers=org.auth)
    assert found.json()["items"] == []

    history = (await client.get(f"{url}/history", headers=org.auth)).json()["items"]
    assert [e["type"] for e in history] == ["contact.erased", "contact.updated", "contact.created"]
    assert history[0]["data"] == {}
    assert all(e["data"] == {"erased": True} for e in history[1:])
    feed = (await client.get(f"{API}/events?limit=500", headers=org.auth)).json()["items"]
    text = str(feed)
    for secret in ("Зинаида", "zinaida", "9161239876", "Тула", "Z-1", "вечером"):
        assert secret not in text, secret


async def test_another_organization_can_neither_erase_nor_restore(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    """(A member may not erase either: tests/core/test_roles.py; native tokens are admins.)"""
    contact = await _make(client, org)
    url = f"{API}/contacts/{contact['id']}"
    assert (await client.post(f"{url}/erase", headers=other_org.auth)).status_code == 404
    await client.delete(url, headers=org.auth)
    assert (await client.post(f"{url}/restore", headers=other_org.auth)).status_code == 404
    assert (await client.post(f"{url}/restore", headers=org.auth)).status_code == 200


async def test_an_erased_number_is_gone_from_every_dialect(client: AsyncClient, org: Org) -> None:
    base = await make_base(org)
    contact = await _make(client, org)
    await client.patch(
        f"{API}/contacts/{contact['id']}", json={"base_id": base.id}, headers=org.auth
    )
    await client.post(f"{API}/contacts/{contact['id']}/erase", headers=org.auth)
    obzvonilka = await client.get(
        f"/api/contact_bases/{base.id}/contacts/{contact['id']}.json",
        params={"api_key": org.token},
    )
    assert obzvonilka.status_code == 404
    watbot = await client.get(
        "/api/v1/getContacts", params={"api_token": org.token, "phone": "79161239876"}
    )
    assert "9161239876" not in watbot.text
    assert "Зинаида" not in watbot.text
