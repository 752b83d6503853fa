"""kill -9 of the server in the middle of a stream of writes loses no acknowledged write.

An answer 2xx goes out only after the unit of work's COMMIT has returned: on SQLite that COMMIT
is in WAL with synchronous=FULL (the WAL is fsynced at each commit, so the write survives a
power cut as well as a killed process); on PostgreSQL it is a committed transaction with
synchronous_commit on (the WAL is flushed before COMMIT returns). A SIGKILL stops the process
between any two instructions; whatever it had answered must be in the database afterwards.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from contacthub.core.scope import Hub
from contacthub.db.database import expand_in
from contacthub.db.sqlite_files import open_sqlite
from contacthub.db.urls import parse_database_url
from tests.reliability.conftest import Store
from tests.reliability.processes import ServerProcess

CLIENTS_PER_KIND = 2
STREAM_SECONDS = 1.5


@dataclass
class Acknowledged:
    contacts: dict[int, str] = field(default_factory=dict)  # id -> name
    variables: dict[tuple[int, str], int] = field(default_factory=dict)  # (contact, name) -> n
    refused: list[str] = field(default_factory=list)  # non-2xx answers before the kill
    requests: int = 0


async def _stream(url: str, store: Store, kind: str, n: int, acked: Acknowledged) -> None:
    """One client writing as fast as it can until the server dies under it."""
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        for i in range(100_000):
            try:
                if kind == "native":
                    name = f"native {n}-{i}"
                    answer = await http.post(
                        "/api/hub/v1/contacts", json={"name": name}, headers=store.bearer
                    )
                elif kind == "obzvonilka":
                    name = f"dialer {n}-{i}"
                    answer = await http.post(
                        f"/api/contact_bases/{store.base}/contacts.json",
                        data={"contact[name]": name, "contact[phone1]": f"8926{n:03d}{i:04d}"},
                        headers={"X-API-KEY": store.token},
                    )
                else:
                    contact = store.contacts[n % len(store.contacts)]
                    answer = await http.post(
                        "/api/v1/setContactVariable",
                        data={
                            "api_token": store.token,
                            "contact_id": str(contact),
                            "name": f"k{n}",
                            "value": str(i),
                        },
                    )
            except httpx.TransportError:
                return  # killed: this request has no answer, so it promised nothing
            acked.requests += 1
            if not answer.is_success:
                acked.refused.append(f"{answer.status_code} {answer.text[:200]}")
                continue
            if kind == "watbot":
                acked.variables[(contact, f"k{n}")] = i
            else:
                acked.contacts[int(answer.json()["id"])] = name


async def _found(hub: Hub, store: Store, acked: Acknowledged) -> tuple[int, int]:
    """How many acknowledged contacts and variable values are in the database, as written."""
    async with hub.reading(store.org.id) as s:
        placeholders, params = expand_in("id", list(acked.contacts))
        rows = await s.fetch_all(
            f"SELECT id, name FROM contacts WHERE org_id = :org AND id IN {placeholders}", **params
        )
        contacts = sum(1 for row in rows if acked.contacts.get(row["id"]) == row["name"])
        values = 0
        for (contact, name), n in acked.variables.items():
            value = await s.fetch_value(
                "SELECT v.value FROM field_values v JOIN custom_fields f ON f.id = v.field_id"
                " WHERE v.org_id = :org AND v.contact_id = :contact AND f.name = :name",
                contact=contact,
                name=name,
            )
            # Writes after the last answer may have committed too: never an older value.
            values += value is not None and int(value) >= n
    return contacts, values


async def test_kill_9_loses_no_acknowledged_write(
    hub: Hub, store: Store, database_url: str, logs: Path, backend: str
) -> None:
    server = await ServerProcess(database_url, logs / "server.log").start()
    acked = Acknowledged()
    kinds = ("native", "obzvonilka", "watbot")
    clients = [
        asyncio.create_task(_stream(server.url, store, kind, n, acked))
        for kind in kinds
        for n in range(CLIENTS_PER_KIND)
    ]
    await asyncio.sleep(STREAM_SECONDS)
    server.kill()
    await server.wait()
    await asyncio.wait_for(asyncio.gather(*clients), 30)

    assert acked.refused == []
    assert len(acked.contacts) > 20
    assert len(acked.variables) == CLIENTS_PER_KIND
    contacts, values = await _found(hub, store, acked)
    print(
        f"\nkill -9 [{backend}]: {acked.requests} answered, {len(acked.contacts)} contacts and"
        f" {len(acked.variables)} variables acknowledged; found {contacts} and {values}"
    )
    assert (contacts, values) == (len(acked.contacts), len(acked.variables))

    # The restarted server serves them (SQLite replays its WAL on open).
    again = await ServerProcess(database_url, logs / "server-2.log").start()
    try:
        async with httpx.AsyncClient(base_url=again.url, timeout=10) as http:
            last = max(acked.contacts)
            answer = await http.get(f"/api/hub/v1/contacts/{last}", headers=store.bearer)
            assert answer.status_code == 200
            assert answer.json()["name"] == acked.contacts[last]
    finally:
        await again.stop()


async def test_the_settings_that_make_a_commit_durable(hub: Hub, database_url: str) -> None:
    if hub.db.dialect == "postgresql":
        async with hub.db.read() as conn:
            assert await conn.fetch_value("SHOW synchronous_commit") == "on"
            assert await conn.fetch_value("SHOW fsync") == "on"
        return
    path = parse_database_url(database_url).sqlite_path
    assert path is not None
    raw = open_sqlite(path)  # what every connection of the server is opened with
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        raw.close()
    # WAL is a property of the file: a client that opens it without our pragmas sees it too.
    plain = sqlite3.connect(path)
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()
