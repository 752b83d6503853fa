"""``python -m bench``: contacthub against json-server and a bare Starlette endpoint, in one run.

    prepare    CSV and SQLite stores (cached in bench/.cache/data), json-server's db.json
    sqlite     hot reads and writes, contacthub with one worker on SQLite (server on core 0,
               wrk -t2 -c32 on core 1); the same GET by id on a 10,000-contact store (p99)
    compare    GET by id on json-server (same contacts) and on a bare Starlette endpoint
    bulk       CLI import of the CSV (rows/s, peak RSS), streaming export, Plusofon PUT, and
               what SQLite alone costs the same rows (bench/import_floor.py)
    postgres   the hot reads on PostgreSQL with 2 workers, and a bare asyncpg endpoint

Each load scenario: a short warm-up, then RUNS runs of SECONDS; the median run is reported.
``--quick`` is a smoke of every part (10,000 contacts, 1-second runs).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

from bench import bulk, dataset, import_floor, load, report, servers
from bench.machine import DATA, describe, load_average
from bench.scenarios import Scenario, by_id, hot_reads, hot_writes
from contacthub.core.bulk.runner import DEFAULT_BATCH as IMPORT_BATCH

PARTS = ("sqlite", "compare", "bulk", "postgres")
POSTGRES_DB = "contacthub_bench"


def _measure(
    server: servers.Server, scenario: Scenario, contacts: int, lists: list[int], args: Any
) -> Any:
    started = time.perf_counter()
    result = load.measure(
        server.url,
        scenario.request,
        contacts,
        lists,
        seconds=args.seconds,
        runs=args.runs,
        server_group=server.group,
    )
    middle = result.median
    cpu = middle.costs.cpu_us
    print(
        f"  {scenario.label:<34} {middle.rps:>9,.0f} req/s  p50 {middle.p50_ms:6.2f} ms"
        f"  p99 {middle.p99_ms:6.2f} ms  errors {sum(r.errors for r in result.runs)}"
        f"  server CPU {'-' if cpu is None else f'{cpu:.0f}'} us/req"
        f"  ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    return {"label": scenario.label, "kind": scenario.kind, **result.as_dict()}


def part_sqlite(args: Any, work: Path, out: dict[str, Any]) -> None:
    store, meta = dataset.sqlite_store(args.contacts)
    url = dataset.working_copy(store, work / "reads.db")
    results = out.setdefault("sqlite", {})
    with servers.contacthub(url) as server:
        print(f"contacthub, SQLite, 1 worker, {args.contacts:,} contacts", flush=True)
        for scenario in hot_reads(meta["token"], meta["base"]):
            results[scenario.name] = _measure(server, scenario, args.contacts, meta["lists"], args)
        for scenario in hot_writes(meta["token"], meta["base"]):
            results[scenario.name] = _measure(server, scenario, args.contacts, meta["lists"], args)
    if args.small and args.small != args.contacts:
        small_store, small = dataset.sqlite_store(args.small)
        small_url = dataset.working_copy(small_store, work / "small.db")
        with servers.contacthub(small_url) as server:
            print(f"contacthub, SQLite, 1 worker, {args.small:,} contacts", flush=True)
            scenario = hot_reads(small["token"], small["base"])[0]
            out.setdefault("sqlite_small", {})[scenario.name] = _measure(
                server, scenario, args.small, small["lists"], args
            )


def part_compare(args: Any, work: Path, out: dict[str, Any]) -> None:
    results = out.setdefault("compare", {})
    db = dataset.json_server_db(args.contacts)
    copy = work / "db.json"
    shutil.copyfile(db, copy)  # json-server writes its file back on changes
    with servers.jsonserver(copy) as server:
        print(f"json-server 1.0, {args.contacts:,} contacts", flush=True)
        scenario = by_id("json_server", "json-server GET /contacts/{id}")
        results["json_server"] = _measure(server, scenario, args.contacts, [], args)
    with servers.bare("fixed") as server:
        print("bare Starlette (fixed JSON)", flush=True)
        scenario = by_id("bare_starlette", "bare Starlette, fixed JSON")
        results["bare_starlette"] = _measure(server, scenario, args.contacts, [], args)


def part_bulk(args: Any, work: Path, out: dict[str, Any]) -> None:
    print(f"bulk: CLI import and export of {args.contacts:,} contacts (SQLite)", flush=True)
    result = bulk.import_and_export(args.contacts, work)
    imp, exp = result["import"], result["export"]
    print(
        f"  import {imp['rows']:,} rows in {imp['seconds']} s = {imp['rows_per_second']:,} rows/s,"
        f" peak RSS {imp['peak_rss_mb']} MB (load average {load_average()})",
        flush=True,
    )
    print(
        f"  export {exp['contacts']:,} contacts in {exp['seconds']} s,"
        f" peak RSS {exp['peak_rss_mb']} MB, {exp['megabytes']} MB of CSV",
        flush=True,
    )
    floor = import_floor.measure(work / "floor.db", args.contacts, IMPORT_BATCH, foreign_keys=True)
    result["import_floor"] = {key: round(value, 2) for key, value in floor.items()}
    print(
        f"  SQLite alone, same rows and schema: {floor['insert_us'] + floor['commit_us']:.2f}"
        f" us/row = {1e6 / (floor['insert_us'] + floor['commit_us']):,.0f} rows/s at most",
        flush=True,
    )
    put = bulk.plusofon_list_put(args.put_numbers, args.put_rounds, work)
    print(f"  Plusofon PUT of {put['numbers']:,} numbers: {put['seconds_runs']} s", flush=True)
    out["bulk"] = {**result, "plusofon_put": put}


async def _admin(dsn: str, statement: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def part_postgres(args: Any, work: Path, out: dict[str, Any]) -> None:
    admin = args.postgres
    try:
        asyncio.run(_admin(admin, f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))
        asyncio.run(_admin(admin, f'CREATE DATABASE "{POSTGRES_DB}"'))
    except (OSError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL skipped: {error}")
        out["postgres"] = {"skipped": str(error)}
        return
    url = admin.rsplit("/", 1)[0] + "/" + POSTGRES_DB
    results: dict[str, Any] = {}
    out["postgres"] = results
    try:
        print(f"PostgreSQL: loading {args.contacts:,} contacts with the CLI import", flush=True)
        started = time.perf_counter()
        meta = dataset.load(url, args.contacts)
        loaded = time.perf_counter() - started
        results["load_seconds"] = round(loaded, 1)
        print(f"  loaded in {loaded:.1f} s", flush=True)
        with servers.contacthub(url, workers=args.pg_workers, name="contacthub-pg") as server:
            print(f"contacthub, PostgreSQL, {args.pg_workers} workers", flush=True)
            for scenario in hot_reads(meta["token"], meta["base"]):
                results[scenario.name] = _measure(
                    server, scenario, args.contacts, meta["lists"], args
                )
        bare = servers.bare("asyncpg", workers=args.pg_workers, dsn=url, org=meta["org"])
        with bare as server:
            print(f"bare Starlette + asyncpg, {args.pg_workers} workers", flush=True)
            scenario = by_id("bare_asyncpg", "bare asyncpg GET by id")
            results["bare_asyncpg"] = _measure(server, scenario, args.contacts, [], args)
    finally:
        if not args.keep_postgres:
            asyncio.run(_admin(admin, f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))


def expected_minutes(args: Any, parts: list[str]) -> float:
    per = args.seconds * args.runs + max(1, args.seconds / 5) + 1
    scenarios = {"sqlite": 8, "compare": 2, "postgres": 6, "bulk": 0}
    load_seconds = sum(scenarios[p] for p in parts) * per
    bulk_seconds = args.contacts / 40_000 + 30 if "bulk" in parts else 0
    pg_seconds = args.contacts / 30_000 if "postgres" in parts else 0
    return (load_seconds + bulk_seconds + pg_seconds + 10 * len(parts)) / 60


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke of every part (~35 s)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"any of {','.join(PARTS)}")
    parser.add_argument("--contacts", type=int, default=None)
    parser.add_argument("--small", type=int, default=None, help="store for the p99 comparison")
    parser.add_argument("--seconds", type=float, default=None, help="length of one load run")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--put-numbers", type=int, default=None)
    parser.add_argument("--put-rounds", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CONTACTHUB_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL whose user may create databases",
    )
    parser.add_argument("--keep-postgres", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    args = parser.parse_args()
    quick = args.quick
    args.contacts = args.contacts or (10_000 if quick else 1_000_000)
    args.small = args.small if args.small is not None else (0 if quick else 10_000)
    args.seconds = args.seconds or (1 if quick else 10)
    args.runs = args.runs or (1 if quick else 3)
    args.put_numbers = args.put_numbers or (1_000 if quick else 100_000)
    if quick:
        args.put_rounds = 1
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    out: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": describe(),
        "settings": {
            "contacts": args.contacts,
            "seconds": args.seconds,
            "runs": args.runs,
            "wrk": f"-t{load.THREADS} -c{load.CONNECTIONS}",
            "pg_workers": args.pg_workers,
        },
    }
    print(
        f"contacthub benchmark: {', '.join(parts)}; {args.contacts:,} contacts, {args.runs} x"
        f" {args.seconds:g} s a scenario; expected about {expected_minutes(args, parts):.0f} min"
        f" (first run longer: it builds the stores); load average {load_average()}",
        flush=True,
    )
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="contacthub-bench-") as tmp:
        work = Path(tmp)
        for part in parts:
            {
                "sqlite": part_sqlite,
                "compare": part_compare,
                "bulk": part_bulk,
                "postgres": part_postgres,
            }[part](args, work, out)
    out["machine"]["load_average_end"] = [round(v, 2) for v in os.getloadavg()]
    out["seconds"] = round(time.perf_counter() - started, 1)
    print()
    print(report.table(out))
    # Only a full run replaces latest.json; a quick or partial one has a file of its own.
    name = "quick" if quick else "latest" if set(parts) == set(PARTS) else "partial"
    target = args.json or Path(__file__).parent / "results" / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {target} in {out['seconds']:.0f} s")


if __name__ == "__main__":
    main()
