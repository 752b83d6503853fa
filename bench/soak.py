"""A soak: minutes of mixed reads and writes across every API, sampled each interval.

    python -m bench.soak --minutes 5                        SQLite file in bench/.cache/soak/
    python -m bench.soak --minutes 5 --database-url postgresql://.../db --workers 2

    seed (core calls) -> contacthub serve (pinned to core 0) <-- load: asyncio + httpx, core 1
                                                                 each interval: requests, errors,
                                                                 p50/p99, server RSS

The load is a Python async generator rather than wrk: a soak asks "does anything go wrong over
time", so every answer is checked (status and vendor envelope), requests span eleven shapes in
five APIs with per-request state (ids, tags, values), and the samples are cut per interval in
one process; wrk would need a Lua script per shape and one run per interval. The cost is a
lower request rate (the generator is CPU-bound itself), which does not matter here: the rate is
steady, and the verdicts compare the run with itself.

Verdicts (exit status 1 if one fails): no error at all; server RSS after the first (warm-up)
interval grows by less than ``--rss-bound`` MB; p99 of the last interval within
``--p99-factor`` of the first one after the warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import servers
from bench.machine import CACHE, CLIENT_CORE
from contacthub.config import Settings
from contacthub.core import bases, bots, contacts, fields, lists, organizations
from contacthub.core.contacts import ContactDraft, PhoneDraft
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.db.migrate import upgrade

CONTACTS = 500
LISTS = 10
TAGS = 20
ATTRIBUTES = 5
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass(frozen=True)
class World:
    token: str
    base: int
    bot: int
    contacts: list[int]
    uuids: list[str]
    attributes: list[str]  # field UUIDs (TWIN's attribute ids)
    lists: list[int]


async def seed(database_url: str) -> World:
    """One organization with contacts, a base, a bot, custom fields and Plusofon lists."""
    await asyncio.to_thread(upgrade, database_url)
    settings = Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]
    hub = Hub(database_for(settings), Env())
    await hub.db.connect()
    try:
        org = await organizations.create_organization(hub, f"Soak {time.time_ns()}")
        org_id = org.organization.id
        async with hub.writing(org_id) as s:
            base = await bases.create_base(s, bases.BaseDraft(name="Soak"))
            bot = await bots.create_bot(s, "Soak bot")
            made = []
            for i in range(CONTACTS):
                draft = ContactDraft(
                    name=f"Абонент {i}",
                    phones=[PhoneDraft(number=phone_of(i))],
                    base_id=base.id,
                    bot_id=bot.id,
                    fields={"Город": "Москва"},
                )
                made.append(await contacts.create_contact(s, draft))
            attributes = [
                (await fields.ensure_field(s, f"attr{n}")).uuid for n in range(ATTRIBUTES)
            ]
            entries = lists.clean_entries(
                "RU", [lists.EntryDraft(name="Стоп", phones=["+74950000000"])]
            )
            made_lists = [
                (await lists.create_list(s, f"Стоп {n}", "black", entries)).id for n in range(LISTS)
            ]
        return World(
            token=org.token.secret,
            base=base.id,
            bot=bot.id,
            contacts=[c.id for c in made],
            uuids=[c.uuid for c in made],
            attributes=attributes,
            lists=made_lists,
        )
    finally:
        await hub.db.close()


def phone_of(i: int) -> str:
    return f"+7916{i:07d}"


Shape = Callable[[World, random.Random], tuple[str, str, dict[str, Any]]]


def _shapes() -> list[tuple[int, str, Shape]]:
    """(weight, name, request maker): about 70% reads, 30% writes, in every API."""

    def bearer(w: World) -> dict[str, str]:
        return {"Authorization": f"Bearer {w.token}"}

    def contact(w: World, r: random.Random) -> int:
        return r.choice(w.contacts)

    def plusofon(w: World) -> dict[str, str]:
        return {**bearer(w), "Client": "10553"}

    return [
        (
            14,
            "native GET contact",
            lambda w, r: ("GET", f"/api/hub/v1/contacts/{contact(w, r)}", {"headers": bearer(w)}),
        ),
        (
            10,
            "native GET phone",
            lambda w, r: (
                "GET",
                f"/api/hub/v1/phones/{phone_of(r.randrange(CONTACTS))}",
                {"headers": bearer(w)},
            ),
        ),
        (
            12,
            "Obzvonilka GET contact",
            lambda w, r: (
                "GET",
                f"/api/contact_bases/{w.base}/contacts/{contact(w, r)}.json",
                {"headers": {"X-API-KEY": w.token}},
            ),
        ),
        (
            12,
            "Watbot getContactVariables",
            lambda w, r: (
                "GET",
                "/api/v1/getContactVariables",
                {"params": {"api_token": w.token, "contact_id": contact(w, r)}},
            ),
        ),
        (
            12,
            "TWIN GET client attributes",
            lambda w, r: (
                "GET",
                f"/api/v1/clients/{r.choice(w.uuids)}/attributes",
                {"headers": bearer(w)},
            ),
        ),
        (
            10,
            "Plusofon GET list",
            lambda w, r: (
                "GET",
                f"/api/v1/contact-lists/{r.choice(w.lists)}",
                {"headers": plusofon(w)},
            ),
        ),
        (
            7,
            "Watbot setContactVariable",
            lambda w, r: (
                "POST",
                "/api/v1/setContactVariable",
                {
                    "data": {
                        "api_token": w.token,
                        "contact_id": contact(w, r),
                        "name": "Город",
                        "value": f"Город {r.randrange(1000)}",
                    }
                },
            ),
        ),
        (
            5,
            "Watbot attachTagToContact",
            lambda w, r: (
                "POST",
                "/api/v1/attachTagToContact",
                {
                    "data": {
                        "api_token": w.token,
                        "contact_id": contact(w, r),
                        "name": f"tag{r.randrange(TAGS)}",
                    }
                },
            ),
        ),
        (
            6,
            "Obzvonilka PATCH contact",
            lambda w, r: (
                "PATCH",
                f"/api/contact_bases/{w.base}/contacts/{contact(w, r)}.json",
                {
                    "data": {"contact[description]": f"звонок {r.randrange(10**6)}"},
                    "headers": {"X-API-KEY": w.token},
                },
            ),
        ),
        (
            5,
            "TWIN set attribute",
            lambda w, r: (
                "POST",
                f"/api/v1/clients/{r.choice(w.uuids)}/attributes/{r.choice(w.attributes)}",
                {"json": {"value": str(r.randrange(10**6))}, "headers": bearer(w)},
            ),
        ),
        (
            4,
            "native PATCH contact",
            lambda w, r: (
                "PATCH",
                f"/api/hub/v1/contacts/{contact(w, r)}",
                {"json": {"email": f"a{r.randrange(10**6)}@example.com"}, "headers": bearer(w)},
            ),
        ),
        (
            2,
            "Plusofon PUT list",
            lambda w, r: (
                "PUT",
                f"/api/v1/contact-lists/{r.choice(w.lists)}",
                {
                    "json": {
                        "name": "Стоп",
                        "type": "black",
                        "contacts": [{"name": "S", "phones": [f"+7495{r.randrange(10**7):07d}"]}],
                    },
                    "headers": plusofon(w),
                },
            ),
        ),
        (
            1,
            "native POST contact",
            lambda w, r: (
                "POST",
                "/api/hub/v1/contacts",
                {"json": {"name": f"Новый {r.randrange(10**6)}"}, "headers": bearer(w)},
            ),
        ),
    ]


@dataclass
class Interval:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn's workers), in MB."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        pending += [int(child) for child in children]
    return total / 1024


async def _client(
    url: str, world: World, shapes: list[tuple[int, str, Shape]], stop: float, seed_n: int
) -> None:
    r = random.Random(seed_n)  # noqa: S311 (load shapes, not secrets)
    weights = [weight for weight, _, _ in shapes]
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        while time.monotonic() < stop:
            _, name, make = r.choices(shapes, weights)[0]
            method, path, kwargs = make(world, r)
            started = time.perf_counter()
            try:
                answer = await http.request(method, path, **kwargs)
                ok = answer.is_success
                problem = f"{name}: {answer.status_code} {answer.text[:200]}"
            except httpx.HTTPError as error:
                ok, problem = False, f"{name}: {type(error).__name__} {error}"
            took = time.perf_counter() - started
            interval = CURRENT[-1]
            interval.latencies.append(took)
            if not ok:
                interval.errors.append(problem)


CURRENT: list[Interval] = []


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 1000) - 1]


async def soak(args: argparse.Namespace) -> int:
    url = args.database_url
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="soak-", dir=_cache_dir()))
        url = f"sqlite:///{folder / 'soak.db'}"
    print(f"soak: {args.minutes} min, {args.clients} clients, interval {args.interval} s, {url}")
    world = await seed(url)
    shapes = _shapes()
    with servers.contacthub(url, workers=args.workers, name="soak") as server:
        assert server.process is not None
        pid = server.process.pid
        total = args.minutes * 60
        stop = time.monotonic() + total
        CURRENT.append(Interval())
        tasks = [
            asyncio.create_task(_client(server.url, world, shapes, stop, n))
            for n in range(args.clients)
        ]
        rows = []
        print(
            f"{'t (s)':>6} {'requests':>9} {'req/s':>7} {'errors':>6} {'p50 ms':>7}"
            f" {'p99 ms':>7} {'RSS MB':>7}"
        )
        started = cut = time.monotonic()
        while not all(task.done() for task in tasks):
            await asyncio.sleep(min(args.interval, max(0.05, stop - time.monotonic())))
            if stop - time.monotonic() <= 0.05:
                await asyncio.gather(*tasks)  # the clients' last requests belong to this one
            sample, CURRENT[-1] = CURRENT[-1], Interval()
            now = time.monotonic()
            span, cut = now - cut, now
            if not sample.latencies:
                continue
            row = {
                "t": now - started,
                "requests": len(sample.latencies),
                "rate": len(sample.latencies) / span,
                "errors": len(sample.errors),
                "p50": _quantile(sample.latencies, 0.5) * 1000,
                "p99": _quantile(sample.latencies, 0.99) * 1000,
                "rss": rss_mb(pid),
            }
            rows.append(row)
            print(
                f"{row['t']:6.0f} {row['requests']:9d} {row['rate']:7.0f} {row['errors']:6d}"
                f" {row['p50']:7.2f} {row['p99']:7.2f} {row['rss']:7.1f}",
                flush=True,
            )
            for problem in sample.errors[:5]:
                print(f"   error: {problem}")
        await asyncio.gather(*tasks)
    return verdicts(rows, args)


def verdicts(rows: list[dict[str, Any]], args: argparse.Namespace) -> int:
    # The last sample can be a sliver of an interval (the clients stop mid-way): not judged.
    full = [row for row in rows if row["requests"] >= 0.5 * rows[0]["requests"]] or rows
    errors = sum(row["errors"] for row in rows)
    requests = sum(row["requests"] for row in rows)
    warm = full[0]["rss"]
    peak = max(row["rss"] for row in full[1:] or full)
    growth = peak - warm
    # The first interval warms caches up (and the statement caches): the baseline is the next.
    first, last = (full[1] if len(full) >= 3 else full[0])["p99"], full[-1]["p99"]
    ratio = last / first if first else float("inf")
    checks = [
        (errors == 0, f"no errors: {errors} of {requests} requests"),
        (
            growth < args.rss_bound,
            f"RSS after warm-up: {warm:.1f} MB -> peak {peak:.1f} MB"
            f" (+{growth:.1f} MB, bound {args.rss_bound:g} MB)",
        ),
        (
            ratio <= args.p99_factor,
            f"p99 last/first interval after warm-up: {last:.2f}/{first:.2f} ms = {ratio:.2f}"
            f" (bound {args.p99_factor:g})",
        ),
    ]
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'} {text}")
    return 0 if all(ok for ok, _ in checks) else 1


def _cache_dir() -> Path:
    folder = CACHE / "soak"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--interval", type=float, default=60, help="seconds per sample")
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--rss-bound", type=float, default=25, help="MB after the warm-up")
    parser.add_argument("--p99-factor", type=float, default=2.0)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        # The load on the other core than the server's (bench.machine's convention).
        os.sched_setaffinity(0, {int(CLIENT_CORE)})
    return asyncio.run(soak(args))


if __name__ == "__main__":
    sys.exit(main())
