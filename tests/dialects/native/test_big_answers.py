"""A big answer never stalls the others (issue 25): an export or a whole Obzvonilka base is made
page by page with a turn of the event loop between pages. SQLite's reads run on the event loop
and an idle lock is taken without waiting, so before this a million-row export held every other
request of the process for its whole minute (a GET by id waited 61 s on a live server;
bench/RESULTS.md has the live figures). Here: how many turns another task gets while the
answer is made."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from contacthub.core.bulk.exports import ExportFilter, export_stream
from contacthub.core.pagination import MAX_LIMIT
from contacthub.dialects.obzvonilka.routes.contacts import _STREAM_PAGE, _json_array
from tests.bulk_support import import_file
from tests.factories import Org

PAGE = 100
PAGES = 4


@pytest.fixture
async def base_id(org: Org, tmp_path: Path) -> int:
    rows = MAX_LIMIT * PAGES
    path = tmp_path / "many.csv"
    lines = [f"Контакт {n},7999{n:07d}" for n in range(rows)]
    path.write_text("name,phone\n" + "\n".join(lines) + "\n")
    job = await import_file(org.hub, org.id, path, base="Все", batch_size=rows)
    assert job.created == rows
    return 1


async def _turns_while(chunks: AsyncIterator[bytes]) -> tuple[int, int]:
    """(chunks made, turns another task had meanwhile)."""
    turns = 0
    done = asyncio.Event()

    async def other() -> None:
        nonlocal turns
        while not done.is_set():
            turns += 1
            await asyncio.sleep(0)

    watcher = asyncio.create_task(other())
    await asyncio.sleep(0)
    started = turns
    made = 0
    async for _ in chunks:
        made += 1
    done.set()
    await watcher
    return made, turns - started


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
async def test_an_export_leaves_turns_between_its_pages(org: Org, base_id: int, fmt: str) -> None:
    chunks = export_stream(org.hub, org.id, fmt, ExportFilter(), page_size=PAGE)  # type: ignore[arg-type]
    made, turns = await _turns_while(chunks)
    assert made >= MAX_LIMIT * PAGES // PAGE
    assert turns >= made - 2


async def test_a_whole_obzvonilka_base_leaves_turns_between_its_pages(
    org: Org, base_id: int
) -> None:
    made, turns = await _turns_while(_json_array(org.hub, org.id, base_id))
    # Pages of a hundred: each turn the other requests wait for is short.
    assert _STREAM_PAGE <= 100
    assert made >= MAX_LIMIT * PAGES // _STREAM_PAGE
    assert turns >= made - 3
