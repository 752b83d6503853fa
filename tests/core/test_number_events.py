"""number.blocked / number.unblocked: one event per number a black list gains or loses, however
the list changes (Plusofon's PUT, native entries, a type change, a delete, an import), and none
for a number the list already held or still holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from httpx import AsyncClient

from contacthub.core.pagination import encode_cursor
from contacthub.core.scope import Hub
from tests.bulk_support import import_file
from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, native_post

API = "/api/hub/v1"
TYPES = "number.blocked,number.unblocked"


async def _numbers(client: AsyncClient, org: Org, after: int = 0) -> list[tuple[str, str]]:
    """(type, number) of the number events after ``after``, in the feed's order."""
    answer = await client.get(
        f"{API}/events",
        params={
            "after": encode_cursor(after),
            "types": "number.blocked,number.unblocked",
            "limit": 500,
        },
        headers=org.auth,
    )
    assert answer.status_code == 200, answer.text
    return [(e["type"].split(".")[1], e["data"]["number"]) for e in answer.json()["items"]]


async def _last_seq(client: AsyncClient, org: Org) -> int:
    answer = await client.get(f"{API}/events", params={"limit": 500}, headers=org.auth)
    items: list[dict[str, Any]] = answer.json()["items"]
    return int(items[-1]["seq"]) if items else 0


def _plusofon(kind: str, *numbers: list[str]) -> dict[str, Any]:
    contacts = [{"name": f"N{i}", "phones": phones} for i, phones in enumerate(numbers)]
    return {"name": "Стоп", "type": kind, "contacts": contacts}


async def test_a_plusofon_put_emits_the_difference(client: AsyncClient, org: Org) -> None:
    made = await client.post(
        URL,
        json=_plusofon("black", ["79990000001"], ["79990000002", "79990000001"]),
        headers=headers(org),
    )
    assert made.status_code == 201, made.text
    list_url = made.headers["location"].removeprefix("http://contacthub.test")
    # A number held by two entries is one number: blocked once.
    assert await _numbers(client, org) == [("blocked", "+79990000001"), ("blocked", "+79990000002")]
    seq = await _last_seq(client, org)
    put = await client.put(
        list_url, json=_plusofon("black", ["79990000002"], ["79990000003"]), headers=headers(org)
    )
    assert put.status_code == 200, put.text
    assert await _numbers(client, org, seq) == [
        ("unblocked", "+79990000001"),
        ("blocked", "+79990000003"),
    ]
    # The same set again changes nothing: no event.
    seq = await _last_seq(client, org)
    same = _plusofon("black", ["8 999 000-00-03"], ["+79990000002"])
    assert (await client.put(list_url, json=same, headers=headers(org))).status_code == 200
    assert await _numbers(client, org, seq) == []
    # Turning white lets every number go; a white list's numbers block nothing.
    white = _plusofon("white", ["79990000002"], ["79990000004"])
    assert (await client.put(list_url, json=white, headers=headers(org))).status_code == 200
    assert await _numbers(client, org, seq) == [
        ("unblocked", "+79990000002"),
        ("unblocked", "+79990000003"),
    ]
    # A rename to black (a PUT without contacts) blocks what the list holds.
    seq = await _last_seq(client, org)
    renamed = await client.put(
        list_url, json={"name": "Стоп", "type": "black"}, headers=headers(org)
    )
    assert renamed.status_code == 200, renamed.text
    assert await _numbers(client, org, seq) == [
        ("blocked", "+79990000002"),
        ("blocked", "+79990000004"),
    ]
    seq = await _last_seq(client, org)
    assert (await client.delete(list_url, headers=headers(org))).status_code == 200
    assert await _numbers(client, org, seq) == [
        ("unblocked", "+79990000002"),
        ("unblocked", "+79990000004"),
    ]


async def test_entries_block_only_numbers_new_to_the_list(client: AsyncClient, org: Org) -> None:
    made = await native_post(
        client,
        org,
        "/lists",
        {"name": "Стоп", "type": "black", "entries": [{"name": "A", "phones": ["79990000001"]}]},
    )
    list_id = made["id"]
    seq = await _last_seq(client, org)
    twin = await client.post(
        f"{API}/lists/{list_id}/entries",
        json={"name": "B", "phones": ["79990000001", "79990000005"]},
        headers=org.auth,
    )
    assert twin.status_code == 201, twin.text
    assert await _numbers(client, org, seq) == [("blocked", "+79990000005")]
    seq = await _last_seq(client, org)
    gone = await client.delete(
        f"{API}/lists/{list_id}/entries/{twin.json()['id']}", headers=org.auth
    )
    assert gone.status_code == 204, gone.text
    # +79990000001 is still held by entry A.
    assert await _numbers(client, org, seq) == [("unblocked", "+79990000005")]
    # Replacing the entries (native PUT) is a replace like Plusofon's.
    seq = await _last_seq(client, org)
    replaced = await client.put(
        f"{API}/lists/{list_id}/entries",
        json={"entries": [{"name": "C", "phones": ["79990000006"]}]},
        headers=org.auth,
    )
    assert replaced.status_code == 200, replaced.text
    assert await _numbers(client, org, seq) == [
        ("unblocked", "+79990000001"),
        ("blocked", "+79990000006"),
    ]


async def test_an_import_blocks_the_numbers_it_adds(
    client: AsyncClient, hub: Hub, org: Org, tmp_path: Path
) -> None:
    path = tmp_path / "black.csv"
    path.write_text("number,name\n89990000001,Спамер\n8 999 000-00-01,\n89990000002,\n")
    job = await import_file(hub, org.id, path, list_name="Стоп", list_type="black")
    assert job.created == 2
    assert await _numbers(client, org) == [("blocked", "+79990000001"), ("blocked", "+79990000002")]
    seq = await _last_seq(client, org)
    # Without dedupe the rows become entries again, but the list holds their numbers already.
    more = tmp_path / "more.csv"
    more.write_text("number,name\n89990000002,\n89990000003,\n")
    again = await import_file(hub, org.id, more, list_name="Стоп", list_type="black", dedupe="none")
    assert again.created == 2
    assert await _numbers(client, org, seq) == [("blocked", "+79990000003")]
    # A white list's import blocks nothing.
    seq = await _last_seq(client, org)
    await import_file(hub, org.id, more, list_name="VIP", list_type="white")
    assert await _numbers(client, org, seq) == []
