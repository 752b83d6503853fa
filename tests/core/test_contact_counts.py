"""The live-contact counts the database keeps (migration 0010) agree with a COUNT of the rows,
whatever wrote them: creates, a bot change, soft deletes, imports, concurrent writers, a hard
delete."""

from __future__ import annotations

import asyncio
from pathlib import Path

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, ContactFilter
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


async def _agree(hub: Hub, org: Org, *bot_ids: int | None) -> list[int]:
    kept = [await _kept(hub, org, bot_id) for bot_id in (None, *bot_ids)]
    assert kept == [await _counted(hub, org, bot_id) for bot_id in (None, *bot_ids)]
    return kept


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
    for where in (ContactFilter(), ContactFilter(bot_id=bot.id)):
        total = await _kept(hub, org, where.bot_id)
        async with hub.reading(org.id) as s:
            for per_page in (1, 4, 5, 30):
                for page in range(1, total // per_page + 3):
                    walked = await contacts.list_contacts_numbered(
                        s, where, page=page, per_page=per_page
                    )
                    from_end = await contacts.list_contacts_numbered(
                        s, where, page=page, per_page=per_page, total=total
                    )
                    assert [c.id for c in from_end] == [c.id for c in walked], (per_page, page)
