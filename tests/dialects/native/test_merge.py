"""Duplicates, merge and on_duplicate through /api/hub/v1, and absorbed ids in every dialect."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.factories import Org, make_base

API = "/api/hub/v1"


async def _create(client: AsyncClient, org: Org, body: dict[str, Any], **params: str) -> Any:
    answer = await client.post(f"{API}/contacts", json=body, params=params, headers=org.auth)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def test_duplicates_are_grouped_by_phone_email_and_code(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    a = await _create(client, org, {"name": "A", "phones": [{"number": "89161112233"}]})
    b = await _create(client, org, {"name": "B", "phones": [{"number": "+7 916 111-22-33"}]})
    c = await _create(client, org, {"name": "C", "email": "Same@Example.com"})
    d = await _create(client, org, {"name": "D", "email": "same@example.com", "external_code": "X"})
    e = await _create(client, org, {"name": "E", "external_code": "X"})
    gone = await _create(client, org, {"name": "F", "external_code": "X"})
    await client.delete(f"{API}/contacts/{gone['id']}", headers=org.auth)
    await _create(client, other_org, {"name": "Чужой", "phones": [{"number": "89161112233"}]})
    await _create(client, org, {"name": "Один", "phones": [{"number": "89160000000"}]})

    groups: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": "1", **({} if cursor is None else {"cursor": cursor})}
        page = (await client.get(f"{API}/duplicates", params=params, headers=org.auth)).json()
        groups += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert groups == [
        {"kind": "phone", "value": "+79161112233", "contact_ids": [a["id"], b["id"]]},
        {"kind": "email", "value": "same@example.com", "contact_ids": [c["id"], d["id"]]},
        {"kind": "external_code", "value": "X", "contact_ids": [d["id"], e["id"]]},
    ]
    bad = await client.get(f"{API}/duplicates", params={"cursor": "x00"}, headers=org.auth)
    assert bad.status_code == 422


async def test_merge_folds_the_others_into_the_survivor(client: AsyncClient, org: Org) -> None:
    base = await make_base(org)
    keep = await _create(
        client,
        org,
        {
            "name": "Иван",
            "phones": [{"number": "79161112233"}],
            "tags": ["a"],
            "fields": {"x": "1"},
        },
    )
    other = await _create(
        client,
        org,
        {
            "name": "Иван Петров",
            "email": "ivan@example.com",
            "base_id": base.id,
            "phones": [{"number": "79161112233"}, {"number": "79035550000"}],
            "tags": ["b"],
            "fields": {"x": "2", "y": "3"},
            "vendor_ids": {"watbot": 555},
        },
    )
    list_made = await client.post(
        f"{API}/lists",
        json={
            "name": "Стоп",
            "type": "black",
            "entries": [{"name": "B", "phones": ["79035550000"]}],
        },
        headers=org.auth,
    )
    assert list_made.status_code == 201
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [other["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["name"] == "Иван"  # its own non-empty value won
    assert body["email"] == "ivan@example.com"
    assert body["base_id"] == base.id
    assert [p["e164"] for p in body["phones"]] == ["+79161112233", "+79035550000"]
    assert body["tags"] == ["a", "b"]
    assert body["fields"] == {"x": "1", "y": "3"}
    assert body["vendor_ids"] == {"watbot": 555}
    # The absorbed id and UUID answer the survivor; lists and the feed see the merge.
    for ref in (other["id"], other["uuid"]):
        found = await client.get(f"{API}/contacts/{ref}", headers=org.auth)
        assert found.json()["id"] == keep["id"]
    listed = (await client.get(f"{API}/contacts", headers=org.auth)).json()["items"]
    assert [c["id"] for c in listed] == [keep["id"]]
    report = (await client.get(f"{API}/phones/79035550000", headers=org.auth)).json()
    assert report["blocked"] is True
    events = (await client.get(f"{API}/events", headers=org.auth)).json()["items"]
    assert events[-1]["type"] == "contact.merged"
    assert events[-1]["data"]["absorbed"] == [other["id"]]
    assert events[-1]["data"]["changes"]["email"] == {"before": None, "after": "ivan@example.com"}
    restore = await client.post(f"{API}/contacts/{other['id']}/restore", headers=org.auth)
    assert (restore.status_code, restore.json()["code"]) == (409, "merged")


async def test_merge_prefer_absorbed_and_refusals(client: AsyncClient, org: Org) -> None:
    keep = await _create(client, org, {"name": "Старое имя", "fields": {"x": "1"}})
    other = await _create(client, org, {"name": "Новое имя", "fields": {"x": "2"}})
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge",
        json={"from": [other["id"]], "prefer": "absorbed"},
        headers=org.auth,
    )
    assert merged.json()["name"] == "Новое имя"
    assert merged.json()["fields"] == {"x": "2"}
    for body, status in (
        ({"from": [keep["id"]]}, 422),  # itself
        ({"from": [987654]}, 422),  # nothing
        ({"from": []}, 422),
        ({"from": [1], "prefer": "newest"}, 400),
        ({"from": [1], "extra": True}, 400),
    ):
        answer = await client.post(
            f"{API}/contacts/{keep['id']}/merge", json=body, headers=org.auth
        )
        assert answer.status_code == status, (body, answer.text)
    missing = await client.post(
        f"{API}/contacts/987654/merge", json={"from": [keep["id"]]}, headers=org.auth
    )
    assert missing.status_code == 404


async def test_on_duplicate_create_reject_merge(client: AsyncClient, org: Org) -> None:
    first = await _create(client, org, {"name": "Анна", "phones": [{"number": "79161112233"}]})
    again = {"name": "Анна Б.", "email": "anna@example.com", "phones": [{"number": "89161112233"}]}
    refused = await client.post(
        f"{API}/contacts", json=again, params={"on_duplicate": "reject"}, headers=org.auth
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "duplicate"
    folded = await client.post(
        f"{API}/contacts", json=again, params={"on_duplicate": "merge"}, headers=org.auth
    )
    assert folded.status_code == 200
    assert folded.json()["id"] == first["id"]
    assert folded.json()["name"] == "Анна"
    assert folded.json()["email"] == "anna@example.com"
    twin = await client.post(f"{API}/contacts", json=again, headers=org.auth)
    assert twin.status_code == 201
    assert twin.json()["id"] != first["id"]
    fresh = await client.post(
        f"{API}/contacts",
        json={"name": "Новый", "external_code": "Q"},
        params={"on_duplicate": "reject"},
        headers=org.auth,
    )
    assert fresh.status_code == 201
    bad = await client.post(
        f"{API}/contacts", json=again, params={"on_duplicate": "maybe"}, headers=org.auth
    )
    assert bad.status_code in (400, 422)


async def test_an_absorbed_id_answers_the_survivor_in_every_dialect(
    client: AsyncClient, org: Org
) -> None:
    base = await make_base(org)
    keep = await _create(client, org, {"name": "Выживший", "base_id": base.id})
    other = await _create(client, org, {"name": "Поглощённый", "base_id": base.id})
    await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [other["id"]]}, headers=org.auth
    )
    obzvonilka = await client.get(
        f"/api/contact_bases/{base.id}/contacts/{other['id']}.json", params={"api_key": org.token}
    )
    assert obzvonilka.status_code == 200, obzvonilka.text
    assert obzvonilka.json()["id"] == keep["id"]
    tags = await client.post(
        f"{API}/contacts/{other['uuid']}/tags", json={"name": "после"}, headers=org.auth
    )
    assert tags.status_code == 201
    assert (await client.get(f"{API}/contacts/{keep['id']}", headers=org.auth)).json()["tags"] == [
        "после"
    ]


async def test_the_wall_holds_for_merges_and_duplicates(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    mine = await _create(client, org, {"name": "Мой", "phones": [{"number": "79161112233"}]})
    theirs = await _create(client, other_org, {"name": "Их"})
    stolen = await client.post(
        f"{API}/contacts/{theirs['id']}/merge", json={"from": [mine["id"]]}, headers=other_org.auth
    )
    nothing = await client.post(
        f"{API}/contacts/{theirs['id']}/merge", json={"from": [987654]}, headers=other_org.auth
    )
    assert stolen.status_code == nothing.status_code == 422
    assert (await client.get(f"{API}/contacts/{mine['id']}", headers=org.auth)).json()["name"] == (
        "Мой"
    )
    # A number another organization has is no duplicate here: no 409 tells B it exists.
    same = {"name": "Их тоже", "phones": [{"number": "79161112233"}]}
    made = await client.post(
        f"{API}/contacts", json=same, params={"on_duplicate": "reject"}, headers=other_org.auth
    )
    assert made.status_code == 201


async def test_an_absorbed_id_works_in_watbot_too(client: AsyncClient, org: Org) -> None:
    keep = await _create(client, org, {"name": "Выживший"})
    other = await _create(client, org, {"name": "Поглощённый"})
    await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [other["id"]]}, headers=org.auth
    )
    answer = await client.post(
        "/api/v1/setContactVariable",
        data={
            "api_token": org.token,
            "contact_id": str(other["id"]),
            "name": "city",
            "value": "Тула",
        },
    )
    assert answer.is_success, answer.text
    survivor = (await client.get(f"{API}/contacts/{keep['id']}", headers=org.auth)).json()
    assert survivor["fields"] == {"city": "Тула"}
