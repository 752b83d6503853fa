"""The benchmark's contacts: one CSV per size, loaded by the CLI's own import, and the same
contacts as json-server's ``db.json``.

    contacts-N.csv ──contacthub import──> store-N.db (+ store-N.json: token, base, lists)
          └──────────────────────────────> jsonserver-N.json

Row ``i`` (from 0) becomes contact id ``i + 1`` with phone ``+79`` and the nine digits of
``(i * 7919333 + 12345) mod 10^9`` (every number different), so a load script can pick a random
contact and know its id and its phone. Each contact has a custom field ``Город``; the store also
holds ``LISTS`` small black lists for Plusofon's GET of a list.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import import_export
from bench.machine import DATA
from contacthub.config import Settings
from contacthub.core import lists
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for

LISTS = 100
LIST_SIZE = 10
BASE = "Bench"
FIELD = "Город"


def phone_of(i: int) -> str:
    """The E.164 number of row ``i`` (the same formula as the CSV and the Lua scripts)."""
    return f"+79{(i * 7_919_333 + 12_345) % 1_000_000_000:09d}"


def csv_file(rows: int) -> Path:
    path = DATA / f"contacts-{rows}.csv"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        import_export.write_csv(partial, rows)
        partial.rename(path)
        print(f"  wrote {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def cli(args: list[str], database_url: str) -> str:
    """Run ``contacthub ARGS`` on a database; answers its stdout."""
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": database_url, "CONTACTHUB_LOG_LEVEL": "WARNING"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "contacthub", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def load(database_url: str, rows: int) -> dict[str, Any]:
    """Migrate, create the organization, import the CSV into one base, add the lists."""
    cli(["db", "upgrade"], database_url)
    org = json.loads(cli(["org", "create", "Bench", "--json"], database_url))
    source = csv_file(rows)
    cli(
        [
            "import",
            str(source),
            "--org",
            str(org["id"]),
            "--base",
            BASE,
            "--map",
            f"Город=field:{FIELD}",
            "--json",
        ],
        database_url,
    )
    meta = {"rows": rows, "org": org["id"], "token": org["api_token"]}
    meta.update(asyncio.run(_finish(database_url, org["id"], rows)))
    return meta


async def _finish(database_url: str, org_id: int, rows: int) -> dict[str, Any]:
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    hub = Hub(database_for(settings), Env())
    await hub.db.connect()
    try:
        async with hub.reading(org_id) as s:
            base = await s.fetch_value("SELECT id FROM contact_bases WHERE org_id = :org")
            count = await s.fetch_value(
                "SELECT COUNT(*) FROM contacts WHERE org_id = :org AND deleted_at IS NULL"
            )
            last = await s.fetch_one(
                "SELECT c.id, p.e164 FROM contacts c JOIN contact_phones p ON p.contact_id = c.id"
                " WHERE c.org_id = :org AND c.id = :id",
                id=rows,
            )
        if count != rows or last is None or last["e164"] != phone_of(rows - 1):
            raise SystemExit(f"the store does not have the expected contacts ({count})")
        list_ids = []
        for n in range(LISTS):
            drafts = [
                lists.EntryDraft(name=f"Абонент {k}", phones=[f"+7495{n:03d}{k:04d}"])
                for k in range(LIST_SIZE)
            ]
            cleaned = lists.clean_entries("RU", drafts)
            async with hub.writing(org_id) as s:
                made = await lists.create_list(s, f"Стоп {n}", "black", cleaned)
            list_ids.append(made.id)
        return {"base": int(base), "lists": list_ids}
    finally:
        await hub.db.close()


def sqlite_store(rows: int) -> tuple[Path, dict[str, Any]]:
    """The cached SQLite store of ``rows`` contacts (built on first use) and its facts."""
    path = DATA / f"store-{rows}.db"
    facts = DATA / f"store-{rows}.json"
    if not (path.exists() and facts.exists()):
        started = time.perf_counter()
        print(f"  building the {rows:,}-contact SQLite store (once) ...", flush=True)
        partial = DATA / f"building-{rows}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        meta = load(f"sqlite:///{partial}", rows)
        checkpoint(partial)
        partial.rename(path)
        facts.write_text(json.dumps(meta))
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path, json.loads(facts.read_text())


BIG_LIST = 100_000


def with_big_list(store: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """The store's facts with ``big_list``: a black list of ``BIG_LIST`` numbers (Plusofon's
    big answer), added to the cached store on first use."""
    if "big_list" in meta:
        return meta
    drafts = [lists.EntryDraft(name=f"Стоп {k}", phones=[f"+7812{k:07d}"]) for k in range(BIG_LIST)]
    cleaned = lists.clean_entries("RU", drafts)

    async def create() -> int:
        settings = Settings(database_url=f"sqlite:///{store}", _env_file=None)  # type: ignore[call-arg]
        hub = Hub(database_for(settings), Env())
        await hub.db.connect()
        try:
            async with hub.writing(meta["org"]) as s:
                made = await lists.create_list(s, "Большой стоп-лист", "black", cleaned)
            return made.id
        finally:
            await hub.db.close()

    meta = {**meta, "big_list": asyncio.run(create())}
    (DATA / f"store-{meta['rows']}.json").write_text(json.dumps(meta))
    return meta


def checkpoint(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def working_copy(store: Path, target: Path) -> str:
    """A copy of a cached store to run against (writes must not change the cache)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(store, target)
    return f"sqlite:///{target}"


def json_server_db(rows: int) -> Path:
    """The same contacts as json-server's data file (what its GET /contacts/:id answers)."""
    path = DATA / f"jsonserver-{rows}.json"
    if path.exists():
        return path
    import csv

    partial = path.with_suffix(".partial")
    with csv_file(rows).open(encoding="utf-8", newline="") as source, partial.open("w") as out:
        reader = csv.reader(source)
        next(reader)
        out.write('{"contacts": [\n')
        for i, (name, phone, email, city) in enumerate(reader):
            record = {
                "id": str(i + 1),
                "name": name,
                "email": email or None,
                "base_id": 1,
                "phones": [{"number": phone, "e164": phone_of(i), "remark": None}],
                "fields": {FIELD: city} if city else {},
            }
            out.write(("" if i == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
        out.write("\n]}\n")
    partial.rename(path)
    return path
