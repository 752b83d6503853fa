"""An organization's data as a seed document (contacthub.core.seed): ``contacthub export
--format seed``. Seeding the document into an empty organization gives back the same bots,
bases, fields, tags, contacts, lists and vendor ids.

Users are left out: their passwords are kept only as argon2 hashes, and a seed document carries
passwords. Records are named by name (as a seed document refers to them), so two bots or two
bases of the same name cannot be written as one: ``Invalid`` says which.
"""

from __future__ import annotations

from collections.abc import Sequence

from contacthub.core import bases, bots, fields, lists, tags, vendor_ids
from contacthub.core.contacts import ContactFilter, list_contacts
from contacthub.core.pagination import MAX_LIMIT
from contacthub.core.scope import Scope
from contacthub.core.seed import (
    SeedBase,
    SeedBot,
    SeedContact,
    SeedDocument,
    SeedEntry,
    SeedField,
    SeedList,
)
from contacthub.errors import Invalid


def _named(kind: str, records: Sequence[bots.Bot | bases.ContactBase]) -> dict[int, str]:
    names: dict[int, str] = {}
    for record in records:
        if record.name in names.values():
            raise Invalid(f"two {kind} are named {record.name!r}: a seed document names them")
        names[record.id] = record.name
    return names


def _ids(kept: dict[str, str] | None) -> dict[str, int | str]:
    return vendor_ids.wire_ids(kept)


async def export_seed(s: Scope) -> SeedDocument:
    """The scope's organization as a seed document (without its users)."""
    all_bots = await bots.list_bots(s)
    all_bases = await bases.list_bases(s)
    bot_names, base_names = _named("bots", all_bots), _named("bases", all_bases)
    bot_ids = await vendor_ids.of_records(s, "bot", bot_names)
    base_ids = await vendor_ids.of_records(s, "base", base_names)
    contacts: list[SeedContact] = []
    cursor: str | None = None
    while True:
        page = await list_contacts(
            s, ContactFilter(), limit=MAX_LIMIT, cursor=cursor, with_tags=True, with_fields=True
        )
        contacts += [
            SeedContact(
                name=contact.name,
                email=contact.email,
                external_code=contact.external_code,
                phones=[phone.number for phone in contact.phones],
                base=None if contact.base_id is None else base_names.get(contact.base_id),
                bot=None if contact.bot_id is None else bot_names.get(contact.bot_id),
                tags=contact.tags or [],
                fields=contact.fields or {},
                vendor_ids=_ids(contact.vendor_ids),
            )
            for contact in page.items
        ]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    all_lists = await lists.list_lists(s)
    list_ids = await vendor_ids.of_records(s, "list", [each.id for each in all_lists])
    seed_lists = []
    for each in all_lists:
        full = await lists.get_list(s, each.id)
        entries = [
            SeedEntry(name=entry.name, phones=[phone.number for phone in entry.phones])
            for entry in full.entries or []
        ]
        seed_lists.append(
            SeedList(
                name=each.name,
                type=each.type,
                entries=entries,
                vendor_ids=_ids(list_ids.get(each.id)),
            )
        )
    return SeedDocument(
        bots=[SeedBot(name=bot.name, vendor_ids=_ids(bot_ids.get(bot.id))) for bot in all_bots],
        bases=[
            SeedBase(name=base.name, remark=base.remark, vendor_ids=_ids(base_ids.get(base.id)))
            for base in all_bases
        ],
        fields=[SeedField(name=field.name) for field in await fields.list_fields(s)],
        tags=[tag.name for tag in await tags.list_tags(s)],
        contacts=contacts,
        lists=seed_lists,
    )
