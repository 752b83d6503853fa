"""The live-contact counts the database keeps (migrations 0010, 0014) agree with a COUNT of the
rows, whatever wrote them: creates, a bot change, soft deletes, imports, concurrent writers, a
hard delete; by id range too, and a numbered page found through them is the page an OFFSET
walks to."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from contacthub.core import bots, contacts
from contacthub.core.contacts import ContactDraft, ContactFilter, numbered
from contacthub.core.scope import Hub
from tests.bulk_support import import_file
from tests.factories import Org, make_bot, make_contact


async def _kept(hub: Hub, org: Org, bot_id: int | None = None) -> int:
    async with hub.reading(org.id) as s:
        return await contacts.count_contacts(s, ContactFilter(bot_id=bot_id))


async def _counted(hub: Hub, org: Org, bot_id: int | None = None) -> int:
    """The same count by walking the rows: what the kept one must equal."""
    sql = "SELECT COUNT(*) FROM contacts WHERE org_id = :org AND deleted_at IS NULL"
    async with hub.reading(org.id) as s:
        if bot_id is None:
            return int(await s.fetch_value(sql))
        return int(await s.fetch_value(f"{sql} AND bot_id = :bot", bot=bot_id))


async def _by_range(
    hub: Hub, org: Org
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], int]]:
    """(bot, id range) -> live contacts: as kept, and as a GROUP BY of the rows counts them."""
    kept = (
        "SELECT bot_key, id_range, SUM(live) FROM contact_counts WHERE org_id = :org"
        " GROUP BY bot_key, id_range HAVING SUM(live) <> 0"
    )
    counted = (
        "SELECT COALESCE(bot_id, 0), id >> 12, COUNT(*) FROM contacts"
        " WHERE org_id = :org AND deleted_at IS NULL GROUP BY COALESCE(bot_id, 0), id >> 12"
    )
    found: list[dict[tuple[int, int], int]] = []
    async with hub.reading(org.id) as s:
        for sql in (kept, counted):
            rows = await s.fetch_all(sql)
            found.append({(bot, id_range): int(live) for bot, id_range, live in rows})
    return found[0], found[1]


async def _agree(hub: Hub, org: Org, *bot_ids: int | None) -> list[int]:
    kept = [await _kept(hub, org, bot_id) for bot_id in (None, *bot_ids)]
    assert kept == [await _counted(hub, org, bot_id) for bot_id in (None, *bot_ids)]
    by_range, counted = await _by_range(hub, org)
    assert by_range == counted
    return kept


async def _skip_ids(hub: Hub, org: Org, how_many: int) -> None:
    """The next contact's id comes ``how_many`` later: contacts that span ranges of ids."""
    async with hub.writing(org.id) as s:
        if s.conn.dialect == "sqlite":  # reserve_ids leaves the counter to the inserts
            sql = "UPDATE sqlite_sequence SET seq = seq + :n WHERE name = 'contacts'"
            await s.conn.execute(sql, {"n": how_many})
        else:
            await s.conn.reserve_ids("contacts", how_many)


async def test_every_kind_of_write_keeps_the_counts(
    hub: Hub, org: Org, other_org: Org, tmp_path: Path
) -> None:
    first, second = await make_bot(org, "First"), await make_bot(org, "Second")
    assert await _agree(hub, org, first.id, second.id) == [0, 0, 0]
    made = [await make_contact(org, f"C{i}", [], bot_id=first.id) for i in range(3)]
    await make_contact(org, "No bot", [])
    await make_contact(other_org, "Elsewhere", [])
    assert await _agree(hub, org, first.id, second.id) == [4, 3, 0]
    async with hub.writing(org.id) as s:
        await contacts.update_contact(s, made[0].id, ContactDraft(bot_id=second.id))
        await contacts.update_contact(s, made[1].id, ContactDraft(name="renamed"))
        await contacts.delete_contact(s, made[2].id)
    assert await _agree(hub, org, first.id, second.id) == [3, 1, 1]
    source = tmp_path / "people.csv"
    source.write_text("name,phone\n" + "".join(f"P{i},7999000{i:04d}\n" for i in range(25)))
    job = await import_file(hub, org.id, source, batch_size=7)
    assert job.created == 25
    assert await _agree(hub, org, first.id, second.id) == [28, 1, 1]
    assert await _kept(hub, other_org) == 1


async def test_a_write_that_fails_leaves_the_counts_as_they_were(hub: Hub, org: Org) -> None:
    await make_contact(org, "Kept", [])
    try:
        async with hub.writing(org.id) as s:
            await contacts.create_contact(s, ContactDraft(name="Rolled back"))
            raise RuntimeError("the unit fails after the insert")
    except RuntimeError:
        pass
    assert await _agree(hub, org) == [1]


async def test_concurrent_writers_are_all_counted(hub: Hub, org: Org) -> None:
    bot = await make_bot(org)
    made = await asyncio.gather(
        *(make_contact(org, f"C{i}", [], bot_id=bot.id if i % 2 else None) for i in range(40))
    )

    async def delete(contact_id: int) -> None:
        async with hub.writing(org.id) as s:
            await contacts.delete_contact(s, contact_id)

    await asyncio.gather(*(delete(contact.id) for contact in made[:10]))
    assert await _agree(hub, org, bot.id) == [30, 15]


async def test_a_hard_delete_is_counted(hub: Hub, org: Org) -> None:
    made = await make_contact(org, "Gone for good", [])
    await make_contact(org, "Stays", [])
    async with hub.writing(org.id) as s:
        await s.execute("DELETE FROM contacts WHERE org_id = :org AND id = :id", id=made.id)
    assert await _agree(hub, org) == [1]


async def test_a_numbered_page_read_from_the_end_is_the_same_page(hub: Hub, org: Org) -> None:
    bot = await make_bot(org)
    made = [
        await make_contact(org, f"C{i}", [], bot_id=bot.id if i % 3 else None) for i in range(23)
    ]
    async with hub.writing(org.id) as s:
        await contacts.delete_contact(s, made[7].id)
    await _page_alike(hub, org, bot)


async def _page_alike(hub: Hub, org: Org, bot: bots.Bot) -> None:
    """Every numbered page, read with the total (from the end, or from its range) and without,
    is that slice of the live contacts' ids in order."""
    for where in (ContactFilter(), ContactFilter(bot_id=bot.id)):
        sql = "SELECT id FROM contacts WHERE org_id = :org AND deleted_at IS NULL"
        if where.bot_id is not None:
            sql += f" AND bot_id = {where.bot_id}"
        total = await _kept(hub, org, where.bot_id)
        async with hub.reading(org.id) as s:
            ids = [row[0] for row in await s.fetch_all(f"{sql} ORDER BY id")]
            assert len(ids) == total
            for per_page in (1, 4, 5, 30):
                for page in range(1, total // per_page + 3):
                    expected = ids[(page - 1) * per_page : page * per_page]
                    for given_total in (None, total):
                        found = await contacts.list_contacts_numbered(
                            s, where, page=page, per_page=per_page, total=given_total
                        )
                        assert [c.id for c in found] == expected, (per_page, page, given_total)


async def test_a_numbered_page_starts_in_its_range_of_ids(
    hub: Hub, org: Org, other_org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await make_bot(org)
    made = []
    for i in range(30):
        if i % 4 == 0:
            await _skip_ids(hub, org, 3_000 * (i % 3 + 1))
        made.append(await make_contact(org, f"C{i}", [], bot_id=bot.id if i % 3 else None))
        if i % 5 == 0:
            await make_contact(other_org, f"Elsewhere {i}", [])
    async with hub.writing(org.id) as s:
        await contacts.delete_contact(s, made[9].id)
        await contacts.update_contact(s, made[10].id, ContactDraft(bot_id=None))
    spread = {contact.id >> 12 for contact in made}
    assert len(spread) >= 6
    await _agree(hub, org, bot.id)
    # Every page past the first goes through the ranges (4,096 contacts deep, by default).
    monkeypatch.setattr(numbered, "SHALLOW", 1)
    await _page_alike(hub, org, bot)
