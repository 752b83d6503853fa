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
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench import dataset, servers

PROBE_EVERY = 0.02  # seconds between the small requests


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] * 1000


async def _timed(client: httpx.AsyncClient, url: str, headers: dict[str, str], n: int) -> float:
    took = []
    for _ in range(n):
        started = time.perf_counter()
        answer = await client.get(url, headers=headers, timeout=60)
        took.append(time.perf_counter() - started)
        answer.raise_for_status()
    return statistics.median(took) * 1000


async def lists(base_url: str, meta: dict[str, Any], runs: int) -> dict[str, float]:
    bearer = {"Authorization": f"Bearer {meta['token']}"}
    api = f"{base_url}/api/hub/v1"
    rows = meta["rows"]
    requests = {
        "GET /contacts/{id}": f"{api}/contacts/{rows // 2}",
        "first page (limit 50)": f"{api}/contacts?limit=50",
        "by base (limit 50)": f"{api}/contacts?limit=50&base_id={meta['base']}",
        "by phone": f"{api}/contacts?phone={dataset.phone_of(rows - 7)}",
        "by list": f"{api}/contacts?list_id={meta['lists'][0]}",
        "by telegram_id": f"{api}/contacts?telegram_id=424242",
        "Watbot getContacts page 1": f"{base_url}/api/v1/getContacts?api_token={meta['token']}",
    }
    async with httpx.AsyncClient() as client:
        return {name: await _timed(client, url, bearer, runs) for name, url in requests.items()}


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


async def beside(base_url: str, meta: dict[str, Any], idle_seconds: float) -> dict[str, Any]:
    bearer = {"Authorization": f"Bearer {meta['token']}"}
    by_id = f"{base_url}/api/hub/v1/contacts/{meta['rows'] // 3}"
    big = {
        "export CSV": (f"{base_url}/api/hub/v1/exports?format=csv", bearer),
        "Obzvonilka whole base": (
            f"{base_url}/api/contact_bases/{meta['base']}/contacts.json",
            {"X-API-KEY": meta["token"]},
        ),
    }
    results: dict[str, Any] = {}
    async with httpx.AsyncClient() as small, httpx.AsyncClient() as downloader:
        stop = asyncio.Event()
        probe = asyncio.create_task(_probe(small, by_id, bearer, stop))
        await asyncio.sleep(idle_seconds)
        stop.set()
        idle = await probe
        results["idle"] = {"median": _quantile(idle, 0.5), "p99": _quantile(idle, 0.99)}
        for name, (url, headers) in big.items():
            stop = asyncio.Event()
            probe = asyncio.create_task(_probe(small, by_id, bearer, stop))
            started = time.perf_counter()
            size = 0
            async with downloader.stream("GET", url, headers=headers, timeout=1800) as answer:
                async for chunk in answer.aiter_bytes():
                    size += len(chunk)
            seconds = time.perf_counter() - started
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.big_answers")
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="requests per list median")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    store, meta = dataset.sqlite_store(args.contacts)
    dataset.cli(["db", "upgrade"], f"sqlite:///{store}")  # a store cached by an older schema
    with servers.contacthub(f"sqlite:///{store}") as server:
        listed = asyncio.run(lists(server.url, meta, args.runs))
        big = asyncio.run(beside(server.url, meta, idle_seconds=3))
    floor = listed["GET /contacts/{id}"]
    print(f"\nSQLite, {args.contacts:,} contacts, one worker")
    print(f"{'request':32} {'median ms':>10} {'x by id':>8}")
    for name, median in listed.items():
        print(f"{name:32} {median:10.2f} {median / floor:8.1f}")
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
    if args.json is not None:
        args.json.write_text(json.dumps({"lists": listed, "idle": idle, "big": big}, indent=2))


if __name__ == "__main__":
    main()
