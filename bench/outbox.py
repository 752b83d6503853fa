"""What the change feed's outbox costs a write (writes/s with and without its events), and
webhook deliveries/s to a local receiver.

    python -m bench.outbox [--seconds 5] [--writers 16] [--deliveries 2000] [--postgres URL]

Through the core, in one process (no HTTP: the ratio is the write path's own), on a fresh
migrated store: ``writers`` concurrent units of work, each creating a contact (name, phone, a
tag, a field value) or changing one (a new description), for ``seconds``. "without" turns the
outbox off (no event rows, no counter, no read of the contact's state before a change) by
patching; "with" is the code as it runs. Each is run twice, alternating, the better kept.
Reports writes/s and events/s for SQLite and, with ``--postgres``, PostgreSQL. Then
``--deliveries`` events go to one webhook on a local receiver (uvicorn, answers 204) and one
in-process Worker (batch 50, 16 sends at a time) delivers them: deliveries/s.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import uvicorn

from contacthub.config import Settings
from contacthub.core import contacts, organizations
from contacthub.core.contacts import ContactDraft, PhoneDraft
from contacthub.core.contacts import events as contact_events
from contacthub.core.scope import Hub, Scope
from contacthub.core.webhooks.endpoints import create_webhook
from contacthub.core.webhooks.worker import Worker
from contacthub.db.factory import database_for
from contacthub.db.migrate import upgrade


@contextmanager
def outbox_off() -> Iterator[None]:
    """No events: emit() drops them and a change reads no state before it."""
    emit, state = Scope.emit, contact_events.state_of

    async def no_state(s: Scope, contact_id: int, names: set[str]) -> dict[str, Any]:
        return {}

    Scope.emit = lambda self, kind, contact_id, payload: None  # type: ignore[method-assign]
    contact_events.state_of = no_state  # type: ignore[assignment]
    try:
        yield
    finally:
        Scope.emit = emit  # type: ignore[method-assign]
        contact_events.state_of = state  # type: ignore[assignment]


async def _run(hub: Hub, org_id: int, kind: str, writers: int, seconds: float) -> tuple[int, int]:
    numbers = itertools.count(int(time.time() * 1000) % 10_000_000 * 100)
    deadline = time.perf_counter() + seconds
    done = 0
    async with hub.writing(org_id) as s:
        targets = [
            (await contacts.create_contact(s, ContactDraft(name=f"t{i}"))).id
            for i in range(writers)
        ]

    async def writer(i: int) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            n = next(numbers)
            async with hub.writing(org_id) as s:
                if kind == "create":
                    draft = ContactDraft(
                        name=f"c{n}",
                        phones=[PhoneDraft(number=f"+7999{n % 10_000_000:07d}")],
                        tags=["bench"],
                        fields={"city": "Тула"},
                    )
                    await contacts.create_contact(s, draft)
                else:
                    await contacts.update_contact(s, targets[i], ContactDraft(description=f"d{n}"))
            done += 1

    async with hub.reading(org_id) as s:
        before = await s.fetch_value("SELECT COUNT(*) FROM events WHERE org_id = :org")
    await asyncio.gather(*(writer(i) for i in range(writers)))
    async with hub.reading(org_id) as s:
        after = await s.fetch_value("SELECT COUNT(*) FROM events WHERE org_id = :org")
    return done, int(after) - int(before)


async def measure(url: str, writers: int, seconds: float) -> dict[str, dict[str, float]]:
    hub = Hub(database_for(Settings(database_url=url, _env_file=None)))  # type: ignore[call-arg]
    await hub.db.connect()
    try:
        made = await organizations.create_organization(hub, f"bench {uuid.uuid4().hex[:6]}")
        org_id = made.organization.id
        results: dict[str, dict[str, float]] = {}
        for kind in ("create", "update"):
            best = {"with": 0.0, "without": 0.0, "events_per_s": 0.0}
            for _ in range(2):
                with outbox_off():
                    done, _ = await _run(hub, org_id, kind, writers, seconds)
                best["without"] = max(best["without"], done / seconds)
                done, events = await _run(hub, org_id, kind, writers, seconds)
                if done / seconds > best["with"]:
                    best["with"], best["events_per_s"] = done / seconds, events / seconds
            best["ratio"] = best["with"] / best["without"]
            results[kind] = best
        return results
    finally:
        await hub.db.close()


async def _receiver() -> tuple[uvicorn.Server, str, list[int]]:
    got: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        got.append(1)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    asyncio.get_running_loop().create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn has a flag, no event)
        await asyncio.sleep(0.01)
    return server, f"http://127.0.0.1:{port}/hook", got


async def deliveries(url: str, count: int) -> float:
    """Deliveries/s of ``count`` events to a local receiver by one worker."""
    hub = Hub(database_for(Settings(database_url=url, _env_file=None)))  # type: ignore[call-arg]
    await hub.db.connect()
    server, target, got = await _receiver()
    try:
        made = await organizations.create_organization(hub, f"hooks {uuid.uuid4().hex[:6]}")
        org_id = made.organization.id
        async with hub.writing(org_id) as s:
            await create_webhook(s, target, ["*"], secret=None, enabled=True, allow_private=True)
        for start in range(0, count, 100):
            async with hub.writing(org_id) as s:
                for i in range(start, min(count, start + 100)):
                    await contacts.create_contact(s, ContactDraft(name=f"h{i}"))
        work = Worker(hub, allow_private=True, batch=50, concurrency=16, idle=0.0)
        started = time.perf_counter()
        async with httpx.AsyncClient() as http:
            while len(got) < count:
                if not await work.run_once(http):
                    await asyncio.sleep(0.01)
        return count / (time.perf_counter() - started)
    finally:
        server.should_exit = True
        await asyncio.sleep(0.2)
        await hub.db.close()


async def _postgres_database(admin_url: str) -> tuple[str, str]:
    name = f"contacthub_bench_outbox_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name, admin_url.rsplit("/", 1)[0] + "/" + name


async def _drop(admin_url: str, name: str) -> None:
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def _report(name: str, results: dict[str, dict[str, float]]) -> None:
    for kind, r in results.items():
        print(
            f"{name:10} {kind:6}  without {r['without']:8.0f}/s  with {r['with']:8.0f}/s"
            f"  ratio {r['ratio']:.2f}  events {r['events_per_s']:8.0f}/s"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument(
        "--postgres", help="an admin URL, e.g. postgresql://postgres@127.0.0.1/postgres"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        _report("sqlite", await measure(url, args.writers, args.seconds))
        rate = await deliveries(url, args.deliveries)
        print(f"sqlite     webhook deliveries {rate:8.0f}/s")
    if args.postgres:
        name, url = await _postgres_database(args.postgres)
        try:
            await asyncio.to_thread(upgrade, url)
            _report("postgresql", await measure(url, args.writers, args.seconds))
            rate = await deliveries(url, args.deliveries)
            print(f"postgresql webhook deliveries {rate:8.0f}/s")
        finally:
            await _drop(args.postgres, name)


if __name__ == "__main__":
    asyncio.run(main())
