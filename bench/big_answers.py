"""``python -m bench.big_answers``: pages and filters at 1M contacts, and a big answer beside small
ones, on one contacthub worker over the cached SQLite store (bench/dataset.py).

    lists      median of each list request (first page, filters, a deep numbered page) beside
               the median GET by id of the same run: issue 25's target is a page at most 5x it
    beside     a GET by id every 20 ms, idle and while one client downloads a big answer (the
               1M export as CSV, the whole Obzvonilka base): median, p99 and the slowest wait;
               the target is a p99 at most 10x idle and never over half a second

Printed as a table; ``--json FILE`` keeps the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
import httpx

from bench import dataset, servers
from contacthub.config import Settings
from contacthub.core import contacts
from contacthub.core.contacts import ContactFilter
from contacthub.core.pagination import encode_cursor
from contacthub.core.scope import Env, Hub, Scope
from contacthub.db.database import to_numbered
from contacthub.db.factory import database_for

PROBE_EVERY = 0.02  # seconds between the small requests


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] * 1000


def _searches(meta: dict[str, Any]) -> dict[str, str]:
    """``q`` of each kind, the rare and the common (bench/import_export.py names the rows)."""
    rows = meta["rows"]
    return {
        # Row i has the e-mail user{i}@example.com when i is a multiple of 3.
        "q rare e-mail": f"user{(rows - 1) - (rows - 1) % 3}@example",
        "q common name": "петров",
        "q two words, any order": "анна кузнецов",
        "q 7 digits of a phone": dataset.phone_of(rows // 2)[-7:],
        "q a field value": "новосибирск",
        "q two letters, in no name": "зщ",
        "q one letter no word starts with": "ъ",
    }


async def lists(base_url: str, meta: dict[str, Any], runs: int) -> dict[str, float]:
    bearer = {"Authorization": f"Bearer {meta['token']}"}
    api = f"{base_url}/api/hub/v1"
    watbot = f"{base_url}/api/v1/getContacts?api_token={meta['token']}&count=20"
    rows = meta["rows"]
    async with httpx.AsyncClient() as client:
        # The store was imported in id order, 20,000 rows a batch with one creation time: since
        # this one's creation, the last 20,000.
        recent = (await client.get(f"{api}/contacts/{rows - 1000}", headers=bearer)).json()
    since = datetime.fromisoformat(recent["created_at"])
    requests = {
        "GET /contacts/{id}": f"{api}/contacts/{rows // 2}",
        "first page (limit 50)": f"{api}/contacts?limit=50",
        "deep keyset page (limit 50)": f"{api}/contacts?limit=50&cursor="
        + encode_cursor(rows * 9 // 10),
        "by base (limit 50)": f"{api}/contacts?limit=50&base_id={meta['base']}",
        "by phone": f"{api}/contacts?phone={dataset.phone_of(rows - 7)}",
        "by list": f"{api}/contacts?list_id={meta['lists'][0]}",
        "by telegram_id": f"{api}/contacts?telegram_id=424242",
        "created since (the last 20,000)": f"{api}/contacts?limit=50&created_from="
        + quote(since.isoformat()),
        **{
            name: f"{api}/contacts?limit=50&q={quote(text)}"
            for name, text in _searches(meta).items()
        },
        "Watbot getContacts page 1": watbot,
        "Watbot getContacts middle page": f"{watbot}&page={rows // 40}",
        "Watbot getContacts last page": f"{watbot}&page={rows // 20}",
        # Unix seconds: the last import batch's 20,000 contacts (one creation time a batch).
        "Watbot since (the last 20,000)": f"{watbot}&date_from={int(since.timestamp())}",
    }
    took: dict[str, list[float]] = {name: [] for name in requests}
    async with httpx.AsyncClient() as client:
        # Round after round of every request (not each one's runs in a row): a burst of load on
        # the machine then touches every request alike instead of one.
        for _ in range(runs):
            for name, url in requests.items():
                started = time.perf_counter()
                answer = await client.get(url, headers=bearer, timeout=60)
                took[name].append(time.perf_counter() - started)
                answer.raise_for_status()
    return {name: statistics.median(times) * 1000 for name, times in took.items()} | {
        f"{name} p99": _quantile(times, 0.99)
        for name, times in took.items()
        if name.startswith("q ")
    }


async def _page_statements(database_url: str, org: int, texts: dict[str, str]) -> dict[str, Any]:
    """The first statement of each search's page (the one the index answers), with its
    parameters, as the server's own code writes it: captured from a run of the core."""
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    hub = Hub(database_for(settings), Env())
    await hub.db.connect()
    found: dict[str, Any] = {}
    original = Scope.fetch_all
    try:
        seen: list[tuple[str, dict[str, Any]]] = []

        async def spy(self: Scope, sql: str, **params: Any) -> Any:
            seen.append((sql, {**params, "org": self.org_id}))
            return await original(self, sql, **params)

        Scope.fetch_all = spy  # type: ignore[method-assign]
        for name, text in texts.items():
            seen.clear()
            async with hub.reading(org) as s:
                await contacts.list_contacts(s, ContactFilter(text=text), limit=50)
            found[name] = seen[0]
    finally:
        Scope.fetch_all = original  # type: ignore[method-assign]
        await hub.db.close()
    return found


def bare_searches(store: Path, meta: dict[str, Any], runs: int) -> dict[str, float]:
    """The floor of each search: the page statement the server runs (captured from the core),
    timed in sqlite3 in this process, without HTTP or the rest of the page (phones, vendor ids,
    the other tier)."""
    statements = asyncio.run(_page_statements(f"sqlite:///{store}", meta["org"], _searches(meta)))
    conn = sqlite3.connect(store)
    found = {}
    for name, (sql, params) in statements.items():
        took = []
        for _ in range(runs):
            started = time.perf_counter()
            conn.execute(sql, params).fetchall()
            took.append(time.perf_counter() - started)
        found[name] = statistics.median(took) * 1000
    conn.close()
    return found


async def _probe(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], stop: asyncio.Event
) -> list[float]:
    took: list[float] = []
    while not stop.is_set():
        started = time.perf_counter()
        await client.get(url, headers=headers, timeout=600)
        took.append(time.perf_counter() - started)
        await asyncio.sleep(PROBE_EVERY)
    return took


async def _download(url: str, headers: dict[str, str]) -> tuple[float, int]:
    """Seconds and bytes of one big answer, fetched by curl in its own process: read by httpx in
    this process, 500 MB of chunks held this event loop, and the probe measured that instead of
    the server."""
    started = time.perf_counter()
    curl = await asyncio.create_subprocess_exec(
        "curl", "--silent", "--fail", "--output", "/dev/null", "--write-out", "%{size_download}",
        *(arg for name, value in headers.items() for arg in ("--header", f"{name}: {value}")),
        url,
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    written, _ = await curl.communicate()
    if curl.returncode != 0:
        raise SystemExit(f"curl {url} failed ({curl.returncode})")
    return time.perf_counter() - started, int(written)


async def beside(base_url: str, meta: dict[str, Any], idle_seconds: float) -> dict[str, Any]:
    bearer = {"Authorization": f"Bearer {meta['token']}"}
    by_id = f"{base_url}/api/hub/v1/contacts/{meta['rows'] // 3}"
    big = {
        "export CSV": (f"{base_url}/api/hub/v1/exports?format=csv", bearer),
        "Obzvonilka whole base": (
            f"{base_url}/api/contact_bases/{meta['base']}/contacts.json",
            {"X-API-KEY": meta["token"]},
        ),
        "Plusofon 100k-number list": (
            f"{base_url}/api/v1/contact-lists/{meta['big_list']}",
            {"Client": "10553", "Authorization": f"Bearer {meta['token']}"},
        ),
    }
    results: dict[str, Any] = {}
    async with httpx.AsyncClient() as small:
        stop = asyncio.Event()
        probe = asyncio.create_task(_probe(small, by_id, bearer, stop))
        await asyncio.sleep(idle_seconds)
        stop.set()
        idle = await probe
        results["idle"] = {"median": _quantile(idle, 0.5), "p99": _quantile(idle, 0.99)}
        for name, (url, headers) in big.items():
            stop = asyncio.Event()
            probe = asyncio.create_task(_probe(small, by_id, bearer, stop))
            seconds, size = await _download(url, headers)
            stop.set()
            during = await probe
            results[name] = {
                "seconds": seconds,
                "megabytes": size / 1e6,
                "median": _quantile(during, 0.5),
                "p99": _quantile(during, 0.99),
                "max": max(during) * 1000,
            }
    return results


async def bare_searches_postgres(url: str, meta: dict[str, Any], runs: int) -> dict[str, float]:
    """The floor of each search on PostgreSQL: the page statement the server runs (captured
    from the core), timed over asyncpg in this process."""
    statements = await _page_statements(url, meta["org"], _searches(meta))
    # Planned for each text as the server plans them (Connection.custom_plans): a prepared
    # statement's generic plan walks the organization from the sixth run on.
    conn = await asyncpg.connect(url, server_settings={"plan_cache_mode": "force_custom_plan"})
    found = {}
    try:
        for name, (sql, params) in statements.items():
            text, names = to_numbered(sql)
            statement = await conn.prepare(text)
            took = []
            for _ in range(runs):
                started = time.perf_counter()
                await statement.fetch(*(params[key] for key in names))
                took.append(time.perf_counter() - started)
            found[name] = statistics.median(took) * 1000
    finally:
        await conn.close()
    return found


def postgres_store(admin: str, rows: int) -> tuple[str, dict[str, Any]]:
    """A PostgreSQL database of ``rows`` contacts loaded by the CLI import, kept between runs
    (its facts beside the SQLite store's)."""
    name = f"contacthub_bench_{rows}"
    url = admin.rsplit("/", 1)[0] + "/" + name
    facts = dataset.DATA / f"pg-store-{rows}.json"

    async def admin_run(sql: str, *args: Any) -> Any:
        conn = await asyncpg.connect(admin)
        try:
            return await conn.fetchval(sql, *args)
        finally:
            await conn.close()

    exists = asyncio.run(admin_run("SELECT 1 FROM pg_database WHERE datname = $1", name))
    if not (exists and facts.exists()):
        asyncio.run(admin_run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        asyncio.run(admin_run(f'CREATE DATABASE "{name}"'))
        started = time.perf_counter()
        print(f"  loading {rows:,} contacts into PostgreSQL (once) ...", flush=True)
        facts.write_text(json.dumps(dataset.load(url, rows)))
        print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)
    dataset.cli(["db", "upgrade"], url)
    return url, json.loads(facts.read_text())


def _print_lists(title: str, listed: dict[str, float], bare: dict[str, float]) -> None:
    """Each request beside the GET by id; each search beside its bare statement, and beside the
    bare statement plus a first page without ``q`` (the same 50 contacts' phones, tags and values
    and the HTTP round trip: what a search page costs if its statement were all it added)."""
    floor = listed["GET /contacts/{id}"]
    page = listed["first page (limit 50)"]
    print(f"\n{title}")
    print(
        f"{'request':42} {'median ms':>10} {'x by id':>8} {'bare ms':>8} {'x bare':>7}"
        f" {'x page+bare':>12} {'p99':>7}"
    )
    for name, median in listed.items():
        if name.endswith(" p99"):
            continue
        line = f"{name:42} {median:10.2f} {median / floor:8.1f}"
        if name in bare:
            line += (
                f" {bare[name]:8.2f} {median / bare[name]:7.1f}"
                f" {median / (page + bare[name]):12.1f} {listed[name + ' p99']:7.1f}"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.big_answers")
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="requests per list median")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-big", action="store_true", help="the lists only")
    parser.add_argument("--no-lists", action="store_true", help="the big answers only")
    parser.add_argument(
        "--postgres",
        default=None,
        help="an admin URL (postgresql://postgres@127.0.0.1:5432/postgres): the lists on"
        " PostgreSQL too, over a 1M database kept between runs",
    )
    args = parser.parse_args()
    store, meta = dataset.sqlite_store(args.contacts)
    dataset.cli(["db", "upgrade"], f"sqlite:///{store}")  # a store cached by an older schema
    meta = dataset.with_big_list(store, meta)
    with servers.contacthub(f"sqlite:///{store}") as server:
        listed = {} if args.no_lists else asyncio.run(lists(server.url, meta, args.runs))
        big = {} if args.no_big else asyncio.run(beside(server.url, meta, idle_seconds=3))
    bare = {} if args.no_lists else bare_searches(store, meta, args.runs)
    numbers: dict[str, Any] = {"lists": listed, "bare": bare}
    if listed:
        _print_lists(f"SQLite, {args.contacts:,} contacts, one worker", listed, bare)
    if args.postgres and not args.no_lists:
        url, pg_meta = postgres_store(args.postgres, args.contacts)
        with servers.contacthub(url, name="contacthub-pg") as server:
            pg_listed = asyncio.run(lists(server.url, pg_meta, args.runs))
        pg_bare = asyncio.run(bare_searches_postgres(url, pg_meta, args.runs))
        _print_lists(f"PostgreSQL, {args.contacts:,} contacts, one worker", pg_listed, pg_bare)
        numbers.update(postgres_lists=pg_listed, postgres_bare=pg_bare)
    numbers["big"] = big
    if args.json is not None:
        args.json.write_text(json.dumps(numbers, indent=2))
    if not big:
        return
    idle = big.pop("idle")
    print(
        f"\nGET by id beside a big answer (idle: median {idle['median']:.1f} ms,"
        f" p99 {idle['p99']:.1f} ms)"
    )
    print(
        f"{'big answer':24} {'s':>6} {'MB':>6} {'median':>8} {'p99':>8} {'max':>8} {'p99/idle':>9}"
    )
    for name, row in big.items():
        print(
            f"{name:24} {row['seconds']:8.1f} {row['megabytes']:8.0f} {row['median']:8.1f}"
            f" {row['p99']:8.1f} {row['max']:8.0f} {row['p99'] / idle['p99']:8.1f}"
        )
    numbers["idle"] = idle
    if args.json is not None:
        args.json.write_text(json.dumps(numbers, indent=2))


if __name__ == "__main__":
    main()
