"""The outbox through the core: events commit with their change or not at all, numbered per
organization in commit order, with concurrent writers on both databases; imports and purges."""

from __future__ import annotations

import asyncio
import csv
from datetime import timedelta
from pathlib import Path

import pytest

from contacthub.config import Settings
from contacthub.core import contacts, feed, outbox
from contacthub.core.contacts import ContactDraft, PhoneDraft
from contacthub.core.scope import Hub
from contacthub.db.factory import database_for
from tests.bulk_support import import_file
from tests.factories import Org, make_contact
from tests.support import TestClock


async def _events(hub: Hub, org_id: int, after: int = 0) -> list[feed.Event]:
    async with hub.reading(org_id) as s:
        return await feed.list_events(s, after=after, limit=10_000)


async def test_a_unit_that_fails_leaves_neither_change_nor_event(hub: Hub, org: Org) -> None:
    async def fails_after_the_write() -> None:
        async with hub.writing(org.id) as s:
            await contacts.create_contact(s, ContactDraft(name="Призрак"))
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        await fails_after_the_write()
    assert await _events(hub, org.id) == []
    made = await make_contact(org, "Живой")
    events = await _events(hub, org.id)
    assert [(e.seq, e.type, e.contact_id) for e in events] == [(1, "contact.created", made.id)]
    assert events[0].actor.dialect == outbox.OPERATOR


async def test_a_later_writer_waits_for_an_earlier_one_to_commit(hub: Hub, org: Org) -> None:
    """The hard case of "ordered by commit": A numbers its event and holds its transaction
    open; B writes meanwhile. No reader may see B's event before A's commits (a reader past B
    would skip A forever). With the counter row, B waits; then both come in order."""
    a_numbered = asyncio.Event()
    release_a = asyncio.Event()

    async def writer_a() -> None:
        async with hub.writing(org.id) as s:
            await contacts.create_contact(s, ContactDraft(name="A"))
            await outbox.flush(s, s.outbox)  # what Hub.writing does last, done early here
            s.outbox.clear()
            a_numbered.set()
            await release_a.wait()

    async def writer_b() -> None:
        await a_numbered.wait()
        async with hub.writing(org.id) as s:
            await contacts.create_contact(s, ContactDraft(name="B"))

    a = asyncio.create_task(writer_a())
    b = asyncio.create_task(writer_b())
    await a_numbered.wait()
    await asyncio.sleep(0.3)  # B has every chance to commit ahead of A
    assert await _events(hub, org.id) == []
    assert not b.done()
    release_a.set()
    await asyncio.gather(a, b)
    events = await _events(hub, org.id)
    assert [(e.seq, e.payload["contact"]["name"]) for e in events] == [(1, "A"), (2, "B")]


async def test_concurrent_writers_from_two_pools_and_a_polling_reader(
    hub: Hub, org: Org, settings: Settings
) -> None:
    """Writers on two pools (two API processes' worth of connections) and a reader following
    the feed: the reader gets every event once, with no gap at any moment."""
    second = Hub(database_for(settings), hub.env)
    await second.db.connect()
    writers, per_writer = 8, 15
    done = asyncio.Event()
    seen: list[int] = []

    async def write(i: int) -> None:
        chosen = hub if i % 2 else second
        for j in range(per_writer):
            async with chosen.writing(org.id) as s:
                await contacts.create_contact(
                    s,
                    ContactDraft(
                        name=f"w{i}-{j}", phones=[PhoneDraft(number=f"7999{i:03d}{j:04d}")]
                    ),
                )

    async def read() -> None:
        after = 0
        while True:
            finished = done.is_set()
            for event in await _events(hub, org.id, after):
                # A gap would be a number skipped for good: the next read starts past it.
                assert event.seq == after + 1, (after, event.seq)
                seen.append(event.seq)
                after = event.seq
            if finished:
                return
            await asyncio.sleep(0.005)

    reader = asyncio.create_task(read())
    try:
        await asyncio.gather(*(write(i) for i in range(writers)))
    finally:
        done.set()
        await reader
        await second.db.close()
    assert seen == list(range(1, writers * per_writer + 1))


async def test_imports_write_an_event_per_contact(hub: Hub, org: Org, tmp_path: Path) -> None:
    existing = await make_contact(org, "Старый", ["79990000001"])
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ФИО", "Телефон", "Email"])
        writer.writerow(["Новый", "79990000002", "new@example.com"])
        writer.writerow(["Старый", "79990000001", "old@example.com"])
    job = await import_file(hub, org.id, path)
    assert (job.created, job.updated) == (1, 1)
    events = await _events(hub, org.id, after=1)
    by_type = {e.type: e for e in events}
    assert set(by_type) == {"contact.created", "contact.updated"}
    assert by_type["contact.created"].payload["contact"]["email"] == "new@example.com"
    assert by_type["contact.updated"].contact_id == existing.id
    assert by_type["contact.updated"].payload["changes"] == {
        "email": {"before": None, "after": "old@example.com"}
    }


async def test_events_past_retention_are_purged(hub: Hub, org: Org, clock: TestClock) -> None:
    clock.freeze()
    await make_contact(org, "Давний")
    clock.advance(days=10)
    await make_contact(org, "Свежий")
    purged = await feed.purge_events(hub, clock() + timedelta(seconds=1), retention_days=5)
    assert purged == 1
    names = [e.payload["contact"]["name"] for e in await _events(hub, org.id)]
    assert names == ["Свежий"]
    # The counter is not reset by a purge: cursors stay valid.
    await make_contact(org, "Ещё")
    assert [e.seq for e in await _events(hub, org.id)] == [2, 3]
