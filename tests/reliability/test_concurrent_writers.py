"""32 writers at once on one contact, through every API that changes a contact, sent to two
server processes sharing the database (two processes on one SQLite file; two on PostgreSQL).

Each write must succeed (never a 5xx, never "database is locked"), and none may undo another:
a field a writer did not send keeps what the others wrote, derived data (the search text)
matches the final fields, replacing collections gives one writer's whole set (not a mix), and
concurrent upserts of one identity make one contact that carries every upsert's tags.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from contacthub.core import fields
from contacthub.core.scope import Hub
from contacthub.core.search_text import search_text
from tests.reliability.conftest import Store
from tests.reliability.processes import ServerProcess

WRITERS = 32
ATTRIBUTES = 8  # TWIN attributes the writers share, four writers each

Send = Callable[[str, str], Awaitable[httpx.Response]]


async def _at_once(requests: list[Callable[[], Awaitable[httpx.Response]]]) -> list[str]:
    """Send them all together; answers the failures."""
    answers = await asyncio.gather(*(request() for request in requests))
    return [
        f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text}"
        for answer in answers
        if not answer.is_success or "locked" in answer.text
    ]


async def test_32_writers_on_one_contact_through_two_server_processes(
    hub: Hub, store: Store, database_url: str, logs: Path, backend: str
) -> None:
    async with hub.writing(store.org.id) as s:
        attributes = [(await fields.create_field(s, f"Атрибут {n}")).uuid for n in range(8)]
    servers = await asyncio.gather(
        ServerProcess(database_url, logs / "a.log").start(),
        ServerProcess(database_url, logs / "b.log").start(),
    )
    contact, uuid = store.contacts[0], store.uuids[0]
    try:
        clients = [httpx.AsyncClient(base_url=server.url, timeout=30) for server in servers]
        turn = itertools.cycle(clients)

        def request(method: str, path: str, **kwargs: Any) -> Callable[[], Awaitable[Any]]:
            http = next(turn)  # alternate between the two processes
            return lambda: http.request(method, path, **kwargs)

        obzvonilka: dict[str, set[str]] = {}
        native_tags: list[set[str]] = []
        rounds: list[Callable[[], Awaitable[Any]]] = []
        # Obzvonilka PATCH, one attribute each: text columns that feed the search text, and the
        # two halves of one phone slot (each kept from the current row when not sent).
        kinds = ("name", "email", "external_code", "phone1", "phone_remark1")
        for i in range(WRITERS):
            kind = kinds[i % len(kinds)]
            value = {
                "name": f"Имя {i}",
                "email": f"w{i}@example.com",
                "external_code": f"EXT{i}",
                "phone1": f"8916000{i:04d}",
                "phone_remark1": f"remark {i}",
            }[kind]
            obzvonilka.setdefault(kind, set()).add(value)
            rounds.append(
                request(
                    "PATCH",
                    f"/api/contact_bases/{store.base}/contacts/{contact}.json",
                    data={f"contact[{kind}]": value},
                    headers={"X-API-KEY": store.token},
                )
            )
        # Watbot: variables and tags on the same contact, and upserts of one new identity.
        for i in range(WRITERS):
            ids = {"api_token": store.token, "contact_id": str(contact)}
            rounds.append(
                request(
                    "POST",
                    "/api/v1/setContactVariable",
                    data={**ids, "name": f"v{i}", "value": str(i)},
                )
            )
            rounds.append(
                request("POST", "/api/v1/attachTagToContact", data={**ids, "name": f"t{i}"})
            )
            upsert = [
                ("api_token", store.token),
                ("bot_id", str(store.bot)),
                ("messenger", "telegram"),
                ("name", "Новый"),
                ("telegram_id", "777000"),
                ("tags[]", f"u{i}"),
            ]
            rounds.append(
                request(
                    "POST",
                    "/api/v1/createOrUpdateContact",
                    content=urlencode(upsert),
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
            )
        # TWIN: attribute values of the same client.
        for i in range(WRITERS):
            path = f"/api/v1/clients/{uuid}/attributes/{attributes[i % ATTRIBUTES]}"
            rounds.append(request("POST", path, json={"value": str(i)}, headers=store.bearer))
        # Native PATCH: replace the whole tag set (half), or a column (the other half).
        for i in range(WRITERS):
            body: dict[str, Any] = {"description": f"d{i}"}
            if i % 2 == 0:
                body = {"tags": [f"a{i}", f"b{i}"]}
                native_tags.append({f"a{i}", f"b{i}"})
            path = f"/api/hub/v1/contacts/{store.contacts[1]}"
            rounds.append(request("PATCH", path, json=body, headers=store.bearer))

        assert await _at_once(rounds) == []
        for http in clients:
            await http.aclose()
    finally:
        await asyncio.gather(*(server.stop() for server in servers))

    async with hub.reading(store.org.id) as s:
        row = await s.fetch_one(
            "SELECT name, email, external_code, search_text FROM contacts"
            " WHERE org_id = :org AND id = :id",
            id=contact,
        )
        phone = await s.fetch_one(
            "SELECT raw, remark FROM contact_phones"
            " WHERE org_id = :org AND contact_id = :id AND position = 0",
            id=contact,
        )
        variables = await s.fetch_all(
            "SELECT f.name, v.value FROM field_values v JOIN custom_fields f ON f.id = v.field_id"
            " WHERE v.org_id = :org AND v.contact_id = :id ORDER BY f.id",
            id=contact,
        )
        e164s = await s.fetch_all(
            "SELECT e164 FROM contact_phones WHERE org_id = :org AND contact_id = :id"
            " ORDER BY position",
            id=contact,
        )
        tags_on = await s.fetch_all(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
            " WHERE ct.org_id = :org AND ct.contact_id = :id",
            id=contact,
        )
        upserted = await s.fetch_all(
            "SELECT id FROM contacts WHERE org_id = :org AND telegram_id = '777000'"
        )
        native = await s.fetch_all(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
            " WHERE ct.org_id = :org AND ct.contact_id = :id",
            id=store.contacts[1],
        )
        upserted_tags = await s.fetch_all(
            "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
            " WHERE ct.org_id = :org AND ct.contact_id = :id",
            id=upserted[0]["id"],
        )
    assert row is not None
    assert phone is not None
    # Obzvonilka: every attribute holds one of its writers' values...
    assert row["name"] in obzvonilka["name"]
    assert row["email"] in obzvonilka["email"]
    assert row["external_code"] in obzvonilka["external_code"]
    assert phone["raw"] in obzvonilka["phone1"]
    assert phone["remark"] in obzvonilka["phone_remark1"]
    # ...and the search text was computed from the final values, not from a stale read.
    assert row["search_text"] == search_text(
        row["name"],
        row["email"],
        row["external_code"],
        [r["e164"] for r in e164s],
        [r["value"] for r in variables],
    )
    values = {r["name"]: r["value"] for r in variables}
    assert {f"v{i}": str(i) for i in range(WRITERS)}.items() <= values.items()
    for n in range(ATTRIBUTES):
        assert int(values[f"Атрибут {n}"]) % ATTRIBUTES == n
    assert {f"t{i}" for i in range(WRITERS)} <= {r["name"] for r in tags_on}
    # One contact from 32 upserts of one identity, with all their tags.
    assert len(upserted) == 1
    assert {r["name"] for r in upserted_tags} == {f"u{i}" for i in range(WRITERS)}
    # A replaced tag set is one writer's whole set.
    assert {r["name"] for r in native} in native_tags
