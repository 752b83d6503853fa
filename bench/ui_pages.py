"""python -m bench.ui_pages [--rows N] [--store PATH]: the web interface's pages at N contacts.

On a working copy of the benchmark's SQLite store (bench.dataset: N contacts in one base, 100
small black lists and a big one), a signed-in administrator asks each page several times in
process (the app through httpx's ASGI transport: the server's own cost, no network) and the
median and slowest times are printed. The issue asks for "well under a second" at 1,000,000.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench.dataset import sqlite_store, working_copy
from bench.machine import DATA
from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core import users
from contacthub.core.scope import Hub
from contacthub.db.factory import database_for

PASSWORD = "bench password"  # noqa: S105 (a throwaway user of a throwaway copy)
REPEATS = 7


async def _timed(http: httpx.AsyncClient, url: str, **kw: Any) -> tuple[float, float, int]:
    times = []
    status = 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        answer = await http.get(url, **kw)
        times.append(time.perf_counter() - started)
        status = answer.status_code
    return statistics.median(times), max(times), status


async def run(rows: int, store: Path | None) -> None:
    if store is None:
        store, meta = sqlite_store(rows)
    else:  # a store built by bench.dataset elsewhere, its facts beside it
        meta = json.loads(store.with_suffix(".json").read_text())
    org_id, base, lists = meta["org"], meta["base"], meta["lists"]
    DATA.mkdir(parents=True, exist_ok=True)
    url = working_copy(store, DATA / "ui-pages.db")
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    hub = Hub(database_for(settings))
    await hub.db.connect()
    try:
        draft = users.UserDraft(email="bench@example.com", password=PASSWORD, is_admin=True)
        password_hash = await users.hash_draft_password(draft)
        assert password_hash is not None
        async with hub.writing(org_id) as s:
            await users.create_user(s, draft, password_hash)
        app = create_app(settings, hub=hub)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            form = await http.get("/ui/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert csrf is not None
            signed = await http.post(
                "/ui/login",
                data={"email": "bench@example.com", "password": PASSWORD, "csrf": csrf.group(1)},
            )
            assert signed.status_code == 303, signed.text
            first = await http.get("/ui/contacts")
            cursor = re.search(r'cursor=([^"&]+)"', first.text)
            fragment = {"X-Requested-With": "fetch"}
            pages = [
                ("first page", "/ui/contacts", {}),
                ("next page", f"/ui/contacts?cursor={cursor.group(1) if cursor else ''}", {}),
                ("search 'Пётр 12345' (as typed)", "/ui/contacts?q=Пётр 12345", fragment),
                ("search 'user99999@'", "/ui/contacts?q=user99999@", fragment),
                ("search 'Сид' (common)", "/ui/contacts?q=Сид", fragment),
                ("search 'zzzz' (nothing)", "/ui/contacts?q=zzzz", fragment),
                ("search 'Пё' (2 letters)", "/ui/contacts?q=Пё", fragment),
                ("base filter", f"/ui/contacts?base_id={base}", fragment),
                ("list filter", f"/ui/contacts?list_id={lists[0]}", fragment),
                ("blocked=yes", "/ui/contacts?blocked=yes", fragment),
                ("blocked=no", "/ui/contacts?blocked=no", fragment),
                ("a contact", f"/ui/contacts/{rows // 2}", {}),
                ("a list", f"/ui/lists/{lists[0]}", {}),
            ]
            print(f"{'page':34} {'median ms':>10} {'max ms':>8} status")
            for name, path, headers in pages:
                median, worst, status = await _timed(http, path, headers=headers)
                print(f"{name:34} {median * 1000:10.1f} {worst * 1000:8.1f} {status}")
    finally:
        await hub.db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, help="a store of bench.dataset, with its .json")
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.store))


if __name__ == "__main__":
    main()
