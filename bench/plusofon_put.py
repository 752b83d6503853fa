"""Benchmark: Plusofon's PUT /api/v1/contact-lists/{id} with 100,000 numbers, over HTTP against a
real server (``python -m contacthub serve``, one process) on SQLite and PostgreSQL; then kill -9
the server in the middle of such a PUT and show that the old list is intact.

    python -m bench.plusofon_put [--numbers 100000] [--rounds 3] [--kills 3]
                                 [--backends sqlite,postgresql] [--postgres URL]

Each PUT replaces the whole list (two sets of numbers alternate, so every round deletes 100,000
rows and writes 100,000 new ones). A kill lands while the server holds the write transaction:
on SQLite when another connection finds the write lock taken, on PostgreSQL when the server's
session is running the list's INSERT. After a restart the list must be exactly the old one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from contacthub.config import Settings
from contacthub.core import lists, organizations
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.db.migrate import upgrade

LIST_URL = "/api/v1/contact-lists"


def numbers(count: int, series: int) -> list[str]:
    """``count`` valid Russian mobile numbers; series 0 and 1 do not overlap."""
    return [f"7999{series}{i:06d}" for i in range(count)]


def body(name: str, phones: list[str]) -> dict[str, Any]:
    contacts = [{"name": f"Абонент {i}", "phones": [phone]} for i, phone in enumerate(phones)]
    return {"name": name, "type": "black", "contacts": contacts}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``python -m contacthub serve`` in its own process, killable with SIGKILL."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url = database_url
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "CONTACTHUB_DATABASE_URL": self.database_url}
        env["CONTACTHUB_LOG_LEVEL"] = "WARNING"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", "contacthub", "serve", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start; see {self.log}")

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@contextmanager
def database(backend: str, postgres_admin: str, workdir: Path) -> Iterator[str]:
    """A fresh, migrated database; PostgreSQL's is dropped afterwards."""
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'bench.db'}"
        upgrade(url)
        yield url
        return
    name = f"contacthub_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(postgres_admin, f'CREATE DATABASE "{name}"'))
    url = postgres_admin.rsplit("/", 1)[0] + "/" + name
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_admin(postgres_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _new_organization(database_url: str) -> str:
    hub = Hub(database_for(Settings(database_url=database_url, _env_file=None)), Env())  # type: ignore[call-arg]
    await hub.db.connect()
    try:
        return (await organizations.create_organization(hub, "bench")).token.secret
    finally:
        await hub.db.close()


def headers(token: str) -> dict[str, str]:
    return {"Client": "10553", "Authorization": f"Bearer {token}", "Accept": "application/json"}


def put(server: Server, token: str, list_id: int, payload: dict[str, Any]) -> float:
    started = time.perf_counter()
    answer = httpx.put(
        f"{server.url}{LIST_URL}/{list_id}", json=payload, headers=headers(token), timeout=600
    )
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"PUT answered {answer.status_code}: {answer.text[:300]}")
    return elapsed


def read_list(server: Server, token: str, list_id: int) -> dict[str, Any]:
    answer = httpx.get(f"{server.url}{LIST_URL}/{list_id}", headers=headers(token), timeout=600)
    answer.raise_for_status()
    result: dict[str, Any] = answer.json()
    return result


def blocked(server: Server, token: str, number: str) -> bool:
    answer = httpx.get(f"{server.url}/api/hub/v1/phones/{number}", headers=headers(token))
    answer.raise_for_status()
    return bool(answer.json()["blocked"])


def write_in_progress(backend: str, database_url: str) -> Callable[[], bool]:
    """A probe that is true while the server is inside the PUT's write transaction."""
    if backend == "sqlite":
        path = database_url.removeprefix("sqlite:///")

        def locked() -> bool:
            probe = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                probe.close()

        return locked

    def inserting() -> bool:
        async def ask() -> bool:
            conn = await asyncpg.connect(database_url)
            try:
                row = await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND state = 'active'"
                    " AND query LIKE 'INSERT INTO contact_list_%'"
                )
                return bool(row)
            finally:
                await conn.close()

        return asyncio.run(ask())

    return inserting


def kill_mid_put(
    backend: str, server: Server, token: str, list_id: int, payload: dict[str, Any], delay: float
) -> float:
    """Send the PUT, wait until the write is under way (plus ``delay``), kill -9 the server."""
    probe = write_in_progress(backend, server.database_url)
    sender = threading.Thread(target=_put_ignoring_failure, args=(server, token, list_id, payload))
    started = time.perf_counter()
    sender.start()
    while not probe():
        if time.perf_counter() - started > 300:
            raise RuntimeError("the write never started")
        time.sleep(0.005)
    time.sleep(delay)
    if not probe():
        raise RuntimeError("the write finished before the kill; use a shorter delay")
    server.kill()
    sender.join()
    return time.perf_counter() - started


def _put_ignoring_failure(
    server: Server, token: str, list_id: int, payload: dict[str, Any]
) -> None:
    # The server is killed under it: that is the point.
    with contextlib.suppress(httpx.HTTPError, RuntimeError):
        put(server, token, list_id, payload)


def run_backend(backend: str, args: argparse.Namespace, workdir: Path) -> None:
    with database(backend, args.postgres, workdir) as url:
        token = asyncio.run(_new_organization(url))
        server = Server(url, workdir / f"{backend}-server.log")
        server.start()
        try:
            created = httpx.post(
                f"{server.url}{LIST_URL}",
                json=body("bench", ["79161111111"]),
                headers=headers(token),
            )
            list_id = int(created.headers["location"].rsplit("/", 1)[1])
            sets = [numbers(args.numbers, 0), numbers(args.numbers, 1)]
            timings = [
                put(server, token, list_id, body("bench", sets[r % 2])) for r in range(args.rounds)
            ]
            shown = ", ".join(f"{t:.2f}" for t in timings)
            best = min(timings)
            print(f"{backend:<11} PUT of {args.numbers:,} numbers: {shown} s (best {best:.2f} s)")
            started = time.perf_counter()
            read_list(server, token, list_id)
            print(f"{backend:<11} GET of the same list: {time.perf_counter() - started:.2f} s")
            old_set = sets[(args.rounds - 1) % 2]
            new_set = sets[args.rounds % 2]
            old = read_list(server, token, list_id)
            for trial in range(args.kills):
                # Somewhere in the first half second of the write (it lasts a second or more).
                delay = random.uniform(0, 0.5)  # noqa: S311 (not cryptography)
                waited = kill_mid_put(
                    backend, server, token, list_id, body("killed", new_set), delay
                )
                server.start()
                after = read_list(server, token, list_id)
                intact = after == old
                unblocked = not blocked(server, token, new_set[0]) and not blocked(
                    server, token, new_set[-1]
                )
                still = blocked(server, token, old_set[0]) and blocked(server, token, old_set[-1])
                verdict = "old list intact" if intact and unblocked and still else "DAMAGED"
                print(
                    f"{backend:<11} kill -9 {waited:.2f} s into PUT #{trial + 1} (inside the write"
                    f" transaction): {verdict} ({len(after['contacts']):,} contacts,"
                    f" name {after['name']!r})"
                )
                if verdict != "old list intact":
                    raise SystemExit(1)
            if backend == "sqlite":
                check = sqlite3.connect(url.removeprefix("sqlite:///")).execute(
                    "PRAGMA integrity_check"
                )
                print(f"{backend:<11} PRAGMA integrity_check: {check.fetchone()[0]}")
        finally:
            server.stop()


def measure_cleaning(count: int) -> None:
    """The CPU cost of parsing the numbers (done before the transaction, in a worker thread)."""
    drafts = [lists.EntryDraft(name="x", phones=[p]) for p in numbers(count, 0)]
    for strict in (True, False):
        started = time.perf_counter()
        lists.clean_entries("RU", drafts, strict=strict)
        label = "strict (numbering plan)" if strict else "lenient (parse only)"
        print(
            f"phone cleaning of {count:,} numbers, {label}: {time.perf_counter() - started:.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CONTACTHUB_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL URL whose user may create databases",
    )
    args = parser.parse_args()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}")
    measure_cleaning(args.numbers)
    with tempfile.TemporaryDirectory(prefix="contacthub-bench-") as tmp:
        for backend in args.backends.split(","):
            run_backend(backend.strip(), args, Path(tmp))


if __name__ == "__main__":
    main()
