"""CPU cost of one request inside the app, without a network: ``python -m bench.asgi_cost``.

    python -m bench.asgi_cost [--contacts 10000] [--requests 20000] [--scenario native_get]

Calls the ASGI app (observability middleware, Litestar, dialect, core, SQLite) directly with
random contacts and reports microseconds of CPU a request. Steadier than wrk on a loaded machine,
and the thing to run under ``py-spy record`` or ``pyinstrument`` when choosing a hot path's design.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import dataset
from bench.scenarios import hot_reads, hot_writes
from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.server.logs import configure_logging


def fill(template: str, i: int, lists: list[int], rng: random.Random) -> str:
    return (
        template.replace("{id}", str(i + 1))
        .replace("{phone}", dataset.phone_of(i))
        .replace("{list}", str(rng.choice(lists)))
        .replace("{rand}", str(rng.randrange(10**9)))
        .replace("{num7}", f"{rng.randrange(10**7):07d}")
    )


async def run(args: argparse.Namespace, store: Path, meta: dict[str, Any]) -> None:
    url = dataset.working_copy(store, store.with_name("asgi-cost.db"))
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    hub = Hub(database_for(settings), Env())
    await hub.db.connect()
    # As the server does (app_from_env): JSON logs, access log off by default.
    configure_logging(settings.log_level, access_log_enabled=settings.access_log)
    app = create_app(settings, hub=hub)
    scenarios = {s.name: s for s in hot_reads(meta["token"], meta["base"])}
    scenarios.update({s.name: s for s in hot_writes(meta["token"], meta["base"])})
    scenario = scenarios[args.scenario]
    request = scenario.request
    rng = random.Random(1)  # noqa: S311
    statuses: dict[int, int] = {}

    async def one() -> None:
        i = rng.randrange(args.contacts)
        target = urlsplit(fill(request.path, i, meta["lists"], rng))
        body = fill(request.body, i, meta["lists"], rng).encode() if request.body else b""
        headers = [(k.lower().encode(), v.encode()) for k, v in request.headers.items()]
        headers.append((b"host", b"127.0.0.1"))
        if body:
            headers.append((b"content-length", str(len(body)).encode()))
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": "http",
            "path": target.path,
            "raw_path": target.path.encode(),
            "query_string": target.query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses[message["status"]] = statuses.get(message["status"], 0) + 1

        await app(scope, receive, send)  # type: ignore[arg-type]

    await warm_up(one, args.requests)
    statuses.clear()
    cpu, wall = await per_request(one, args.requests)
    await hub.db.close()
    print(f"{scenario.label}: {cpu:.1f} us CPU a request ({wall:.1f} us wall), statuses {statuses}")


async def warm_up(one: Callable[[], Awaitable[None]], requests: int) -> None:
    """Up to 2,000 requests first: caches filled, tokens remembered."""
    for _ in range(min(2000, requests)):
        await one()


async def per_request(one: Callable[[], Awaitable[None]], requests: int) -> tuple[float, float]:
    """CPU and wall microseconds a request over ``requests`` calls of ``one``."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        await one()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / requests * 1e6, wall / requests * 1e6


def arguments(description: str) -> argparse.ArgumentParser:
    """The options this tool and bench.protocol_cost share."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--scenario", default="native_get")
    return parser


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    # Built (or found) before the loop starts: building runs asyncio.run() of its own.
    store, meta = dataset.sqlite_store(args.contacts)
    asyncio.run(run(args, store, meta))


if __name__ == "__main__":
    main()
