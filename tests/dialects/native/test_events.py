"""The change feed through /api/hub/v1/events and a contact's /history, black-box over HTTP."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from contacthub.core.pagination import encode_cursor
from tests.factories import Org, make_base, make_token, native_post

API = "/api/hub/v1"


async def _feed(client: AsyncClient, org: Org, **params: Any) -> dict[str, Any]:
    answer = await client.get(f"{API}/events", params=params, headers=org.auth)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_every_change_has_its_event_in_order(client: AsyncClient, org: Org) -> None:
    created = await client.post(
        f"{API}/contacts",
        json={"name": "Анна", "email": "anna@example.com", "phones": [{"number": "79990001122"}]},
        headers=org.auth,
    )
    assert created.status_code == 201, created.text
    contact_id = created.json()["id"]
    request_id = created.headers["x-request-id"]
    await client.patch(
        f"{API}/contacts/{contact_id}", json={"name": "Анна К.", "email": None}, headers=org.auth
    )
    await client.post(f"{API}/contacts/{contact_id}/tags", json={"name": "vip"}, headers=org.auth)
    await client.put(
        f"{API}/contacts/{contact_id}/fields/city", json={"value": "Тула"}, headers=org.auth
    )
    await client.delete(f"{API}/contacts/{contact_id}", headers=org.auth)

    page = await _feed(client, org)
    items = page["items"]
    assert [e["type"] for e in items] == [
        "contact.created",
        "contact.updated",
        "contact.updated",
        "contact.updated",
        "contact.deleted",
    ]
    assert [e["seq"] for e in items] == [1, 2, 3, 4, 5]
    assert all(e["contact_id"] == contact_id for e in items)
    made = items[0]
    assert made["data"]["contact"]["name"] == "Анна"
    assert made["data"]["contact"]["phones"] == [
        {"number": "79990001122", "e164": "+79990001122", "remark": None}
    ]
    assert made["actor"] == {
        "dialect": "native",
        "token_id": made["actor"]["token_id"],
        "user_id": None,
        "request_id": request_id,
    }
    assert made["actor"]["token_id"] is not None
    assert items[1]["data"] == {
        "changes": {
            "name": {"before": "Анна", "after": "Анна К."},
            "email": {"before": "anna@example.com", "after": None},
        }
    }
    assert items[2]["data"] == {"changes": {"tags": {"before": [], "after": ["vip"]}}}
    assert items[3]["data"] == {"changes": {"fields": {"before": {}, "after": {"city": "Тула"}}}}
    assert page["next_cursor"] == items[-1]["cursor"]
    assert page["has_more"] is False


async def test_a_write_that_changes_nothing_or_fails_leaves_no_event(
    client: AsyncClient, org: Org
) -> None:
    created = await client.post(f"{API}/contacts", json={"name": "Борис"}, headers=org.auth)
    contact_id = created.json()["id"]
    same = await client.patch(
        f"{API}/contacts/{contact_id}", json={"name": "Борис"}, headers=org.auth
    )
    assert same.status_code == 200
    refused = await client.post(
        f"{API}/contacts", json={"name": "X", "phones": [{"number": "12"}]}, headers=org.auth
    )
    assert refused.status_code == 422
    page = await _feed(client, org)
    assert [e["type"] for e in page["items"]] == ["contact.created"]
    # The next change takes the next number: nothing was spent by the refused write.
    await client.delete(f"{API}/contacts/{contact_id}", headers=org.auth)
    page = await _feed(client, org, after=page["next_cursor"])
    assert [(e["seq"], e["type"]) for e in page["items"]] == [(2, "contact.deleted")]


async def test_the_feed_resumes_from_any_cursor_and_filters_types(
    client: AsyncClient, org: Org
) -> None:
    for i in range(5):
        answer = await client.post(f"{API}/contacts", json={"name": f"N{i}"}, headers=org.auth)
        await client.delete(f"{API}/contacts/{answer.json()['id']}", headers=org.auth)
    seen: list[int] = []
    cursor = None
    while True:
        page = await _feed(client, org, limit=3, **({} if cursor is None else {"after": cursor}))
        seen += [e["seq"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == list(range(1, 11))
    # At the end the cursor stays where it is: a loop waits there for what comes next.
    assert (await _feed(client, org, after=cursor))["next_cursor"] == cursor
    deleted = await _feed(client, org, types="contact.deleted")
    assert [e["seq"] for e in deleted["items"]] == [2, 4, 6, 8, 10]
    both = await _feed(client, org, types="contact.deleted,contact.created", after=encode_cursor(8))
    assert [e["seq"] for e in both["items"]] == [9, 10]


async def test_bad_feed_parameters_are_refused(client: AsyncClient, org: Org) -> None:
    for params in (
        {"types": "contact.exploded"},
        {"types": "contact.created,"},
        {"after": "aWQ6"},
        {"after": "nonsense"},
        {"limit": "0"},
        {"limit": "501"},
    ):
        answer = await client.get(f"{API}/events", params=params, headers=org.auth)
        assert answer.status_code in (400, 422), (params, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    unknown = await client.get(f"{API}/events", params={"types": "nope"}, headers=org.auth)
    assert unknown.status_code == 422
    assert "nope" in unknown.text
    assert (await client.get(f"{API}/events")).status_code == 401


async def test_an_organization_sees_only_its_own_events(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    await client.post(f"{API}/contacts", json={"name": "Мой"}, headers=org.auth)
    await client.post(f"{API}/contacts", json={"name": "Чужой"}, headers=other_org.auth)
    mine = await _feed(client, org)
    theirs = await _feed(client, other_org)
    assert [e["data"]["contact"]["name"] for e in mine["items"]] == ["Мой"]
    assert [e["data"]["contact"]["name"] for e in theirs["items"]] == ["Чужой"]
    # Each organization counts on its own.
    assert mine["items"][0]["seq"] == theirs["items"][0]["seq"] == 1


async def test_lists_and_blocking_have_events(client: AsyncClient, org: Org) -> None:
    made = await native_post(
        client,
        org,
        "/lists",
        {"name": "Стоп", "type": "black", "entries": [{"name": "A", "phones": ["79990000001"]}]},
    )
    list_id = made["id"]
    entry = await client.post(
        f"{API}/lists/{list_id}/entries",
        json={"name": "Спам", "phones": ["79990000002"]},
        headers=org.auth,
    )
    assert entry.status_code == 201, entry.text
    await client.delete(f"{API}/lists/{list_id}/entries/{entry.json()['id']}", headers=org.auth)
    items = (await _feed(client, org))["items"]
    assert [e["type"] for e in items] == [
        "list.created",
        "number.blocked",
        "list.entry_added",
        "number.blocked",
        "list.entry_deleted",
        "number.unblocked",
    ]
    assert items[0]["data"]["list"] == {"id": list_id, "name": "Стоп", "type": "black"}
    assert items[1]["data"]["number"] == "+79990000001"
    assert items[3]["data"] == {"number": "+79990000002", "list": {"id": list_id, "type": "black"}}
    assert items[5]["data"] == items[3]["data"]


async def test_history_is_newest_first_and_outlives_a_delete(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    base = await make_base(org)
    created = await client.post(
        f"{API}/contacts", json={"name": "Вера", "base_id": base.id}, headers=org.auth
    )
    contact = created.json()
    second = await make_token(org)
    for i in range(3):
        await client.patch(
            f"{API}/contacts/{contact['id']}",
            json={"description": f"v{i}"},
            headers={"Authorization": f"Bearer {second}"},
        )
    await client.post(f"{API}/contacts", json={"name": "Другой"}, headers=org.auth)
    await client.delete(f"{API}/contacts/{contact['id']}", headers=org.auth)

    url = f"{API}/contacts/{contact['uuid']}/history"
    first = (await client.get(url, params={"limit": 2}, headers=org.auth)).json()
    assert [e["type"] for e in first["items"]] == ["contact.deleted", "contact.updated"]
    assert first["items"][1]["data"]["changes"]["description"] == {"before": "v1", "after": "v2"}
    assert first["items"][0]["actor"]["token_id"] != first["items"][1]["actor"]["token_id"]
    rest = (
        await client.get(
            url, params={"limit": 10, "before": first["next_cursor"]}, headers=org.auth
        )
    ).json()
    assert [e["type"] for e in rest["items"]] == [
        "contact.updated",
        "contact.updated",
        "contact.created",
    ]
    assert rest["next_cursor"] is None
    assert (await client.get(url, headers=other_org.auth)).status_code == 404
    missing = await client.get(f"{API}/contacts/999999/history", headers=org.auth)
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


async def test_other_dialects_writes_reach_the_feed(client: AsyncClient, org: Org) -> None:
    base = await make_base(org)
    made = await client.post(
        f"/api/contact_bases/{base.id}/contacts.json",
        params={"api_key": org.token},
        json={"contact": {"name": "Дозвон", "phone1": "79995556677"}},
    )
    assert made.status_code in (200, 201), made.text
    items = (await _feed(client, org))["items"]
    assert [(e["type"], e["actor"]["dialect"]) for e in items] == [
        ("contact.created", "obzvonilka")
    ]
    assert items[0]["actor"]["request_id"] == made.headers["x-request-id"]
