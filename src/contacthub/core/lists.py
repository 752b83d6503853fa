"""Black and white lists of numbers. A number on any black list of an organization is blocked
for the whole organization, whichever API asks.

A list holds entries (a name and its numbers); numbers are kept as given and in E.164. Replacing
a list's entries is one transaction: a reader sees the old set or the new one, never a mix.
Cleaning and bulk-writing entries is in ``list_entries`` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from contacthub.core import number_events
from contacthub.core.list_entries import (
    MAX_ENTRY_NAME_LENGTH,
    MAX_ENTRY_PHONES,
    CleanEntries,
    EntryDraft,
    clean_entries,
    insert_entries,
)
from contacthub.core.principal import AdminAction
from contacthub.core.records import delete_record, window
from contacthub.core.scope import Scope
from contacthub.core.validation import required_text
from contacthub.db.database import Row
from contacthub.errors import Invalid, NotFound

__all__ = [
    "LIST_TYPES",
    "MAX_ENTRY_NAME_LENGTH",
    "MAX_ENTRY_PHONES",
    "MAX_LIST_NAME_LENGTH",
    "CleanEntries",
    "ContactList",
    "EntryDraft",
    "ListEntry",
    "ListPhone",
    "add_entry",
    "clean_entries",
    "clean_list_type",
    "count_lists",
    "create_list",
    "delete_entry",
    "delete_list",
    "get_list",
    "list_lists",
    "rename_list",
    "replace_list",
]

# The types of list a person can create, with their display names.
LIST_TYPES: dict[str, str] = {"black": "Черный", "white": "Белый"}
MAX_LIST_NAME_LENGTH = 255
_COLUMNS = "l.id, l.name, l.type, l.created_at, l.updated_at"


class ListPhone(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    e164: str


class ListEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    phones: list[ListPhone]


class ContactList(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    type: str
    created_at: datetime
    updated_at: datetime
    # Loaded only when asked for (``with_entries``); None means "not loaded".
    entries: list[ListEntry] | None = None


def _list_from_row(row: Row) -> ContactList:
    return ContactList(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def clean_list_type(value: str | None) -> str:
    kind = (value or "").strip()
    if kind not in LIST_TYPES:
        raise Invalid.field("type", f"type must be one of: {', '.join(LIST_TYPES)}")
    return kind


def _cleaned(
    s: Scope, entries: Sequence[EntryDraft] | CleanEntries, *, strict: bool
) -> CleanEntries:
    if isinstance(entries, CleanEntries):
        return entries
    return clean_entries(s.env.region, entries, strict=strict)


async def create_list(
    s: Scope,
    name: str,
    kind: str,
    entries: Sequence[EntryDraft] | CleanEntries = (),
    *,
    strict_phones: bool = True,
    with_entries: bool = True,
) -> ContactList:
    """A new list with its entries; ``entries`` may be cleaned beforehand (``clean_entries``)."""
    clean_name = required_text("name", name, max_length=MAX_LIST_NAME_LENGTH)
    clean_kind = clean_list_type(kind)
    cleaned = _cleaned(s, entries, strict=strict_phones)
    now = s.now()
    list_id = await s.fetch_value(
        "INSERT INTO contact_lists (org_id, name, type, created_at, updated_at)"
        " VALUES (:org, :name, :type, :now, :now) RETURNING id",
        name=clean_name,
        type=clean_kind,
        now=now,
    )
    await insert_entries(s, list_id, clean_kind, cleaned)
    _announce(s, "list.created", list_id, clean_name, clean_kind, entries=len(cleaned.entries))
    number_events.announce(
        s, list_id, clean_kind, blocked=number_events.blocking(clean_kind, _numbers(cleaned))
    )
    return await get_list(s, list_id, with_entries=with_entries)


async def replace_list(
    s: Scope,
    list_id: int,
    name: str,
    kind: str,
    entries: Sequence[EntryDraft] | CleanEntries,
    *,
    strict_phones: bool = True,
    with_entries: bool = True,
) -> ContactList:
    """Set a list's name, type and whole set of entries (one transaction: all or nothing).

    ``with_entries=False`` answers without reading the entries back (a large list's caller
    that needs only the outcome saves the read)."""
    clean_name = required_text("name", name, max_length=MAX_LIST_NAME_LENGTH)
    clean_kind = clean_list_type(kind)
    cleaned = _cleaned(s, entries, strict=strict_phones)
    before_type = await s.fetch_value(
        f"SELECT type FROM contact_lists WHERE org_id = :org AND id = :id{s.conn.locking}",
        id=list_id,
    )
    if before_type is None:
        raise NotFound(f"contact list {list_id} does not exist")
    # Only a black list's old numbers are read: a white list blocked nothing.
    before = number_events.blocking(
        before_type, await number_events.numbers_of(s, list_id) if before_type == "black" else set()
    )
    await s.execute(
        "UPDATE contact_lists SET name = :name, type = :type, updated_at = :now"
        " WHERE org_id = :org AND id = :id",
        id=list_id,
        name=clean_name,
        type=clean_kind,
        now=s.now(),
    )
    await s.execute(
        "DELETE FROM contact_list_phones WHERE org_id = :org AND list_id = :list", list=list_id
    )
    await s.execute(
        "DELETE FROM contact_list_entries WHERE org_id = :org AND list_id = :list", list=list_id
    )
    await insert_entries(s, list_id, clean_kind, cleaned)
    _announce(s, "list.replaced", list_id, clean_name, clean_kind, entries=len(cleaned.entries))
    after = number_events.blocking(clean_kind, _numbers(cleaned))
    number_events.announce(s, list_id, clean_kind, blocked=after - before, unblocked=before - after)
    return await get_list(s, list_id, with_entries=with_entries)


async def rename_list(s: Scope, list_id: int, name: str | None, kind: str | None) -> ContactList:
    """Change a list's name and/or type, keeping its entries."""
    current = await get_list(s, list_id, with_entries=False)
    clean_name = (
        current.name
        if name is None
        else required_text("name", name, max_length=MAX_LIST_NAME_LENGTH)
    )
    clean_kind = current.type if kind is None else clean_list_type(kind)
    await s.execute(
        "UPDATE contact_lists SET name = :name, type = :type, updated_at = :now"
        " WHERE org_id = :org AND id = :id",
        id=list_id,
        name=clean_name,
        type=clean_kind,
        now=s.now(),
    )
    await s.execute(
        "UPDATE contact_list_phones SET list_type = :type WHERE org_id = :org AND list_id = :list",
        list=list_id,
        type=clean_kind,
    )
    if (current.name, current.type) != (clean_name, clean_kind):
        changes = {
            key: {"before": before, "after": after}
            for key, before, after in (
                ("name", current.name, clean_name),
                ("type", current.type, clean_kind),
            )
            if before != after
        }
        _announce(s, "list.updated", list_id, clean_name, clean_kind, changes=changes)
    if "black" in (current.type, clean_kind) and current.type != clean_kind:
        held = await number_events.numbers_of(s, list_id)
        number_events.announce(
            s,
            list_id,
            clean_kind,
            blocked=number_events.blocking(clean_kind, held),
            unblocked=number_events.blocking(current.type, held),
        )
    return await get_list(s, list_id, with_entries=False)


async def add_entry(
    s: Scope, list_id: int, entry: EntryDraft, *, strict_phones: bool = True
) -> ListEntry:
    current = await get_list(s, list_id, with_entries=False)
    cleaned = _cleaned(s, [entry], strict=strict_phones)
    numbers = _numbers(cleaned)
    held = await number_events.held_of(s, list_id, numbers) if current.type == "black" else set()
    position = await s.fetch_value(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM contact_list_entries"
        " WHERE org_id = :org AND list_id = :list",
        list=list_id,
    )
    await insert_entries(s, list_id, current.type, cleaned, first_position=int(position))
    await _touch(s, list_id)
    entry_id = await s.fetch_value(
        "SELECT id FROM contact_list_entries"
        " WHERE org_id = :org AND list_id = :list AND position = :position",
        list=list_id,
        position=position,
    )
    added = (await _entries(s, list_id, entry_id=int(entry_id)))[0]
    entry_events(s, list_id, current.type, [added], added=True)
    number_events.announce(
        s, list_id, current.type, blocked=number_events.blocking(current.type, numbers - held)
    )
    return added


async def delete_entry(s: Scope, list_id: int, entry_id: int) -> None:
    current = await get_list(s, list_id, with_entries=False)
    gone = await _entries(s, list_id, entry_id=entry_id)
    deleted = await s.execute(
        "DELETE FROM contact_list_entries WHERE org_id = :org AND list_id = :list AND id = :id",
        list=list_id,
        id=entry_id,
    )
    if deleted == 0:
        raise NotFound(f"entry {entry_id} of contact list {list_id} does not exist")
    await _touch(s, list_id)
    entry_events(s, list_id, current.type, gone, added=False)
    if current.type == "black":
        numbers = {phone.e164 for entry in gone for phone in entry.phones}
        still = await number_events.held_of(s, list_id, numbers)
        number_events.announce(s, list_id, current.type, unblocked=numbers - still)


def _announce(s: Scope, kind: str, list_id: int, name: str, type_: str, **more: object) -> None:
    s.emit(kind, None, {"list": {"id": list_id, "name": name, "type": type_}, **more})


def entry_events(
    s: Scope, list_id: int, list_type: str, entries: Sequence[ListEntry], *, added: bool
) -> None:
    """``list.entry_added``/``list.entry_deleted`` for each entry (what it does to blocking is
    ``number_events``: the numbers the list gains or loses, which an entry's are not always)."""
    where = {"id": list_id, "type": list_type}
    for entry in entries:
        numbers = [phone.e164 for phone in entry.phones]
        shown = {"id": entry.id, "name": entry.name, "numbers": numbers}
        s.emit(
            "list.entry_added" if added else "list.entry_deleted",
            None,
            {"list": where, "entry": shown},
        )


def _numbers(cleaned: CleanEntries) -> set[str]:
    return {e164 for entry in cleaned.entries for _, e164 in entry.phones}


async def _touch(s: Scope, list_id: int) -> None:
    await s.execute(
        "UPDATE contact_lists SET updated_at = :now WHERE org_id = :org AND id = :id",
        id=list_id,
        now=s.now(),
    )


async def _entries(s: Scope, list_id: int, *, entry_id: int | None = None) -> list[ListEntry]:
    only = "" if entry_id is None else " AND e.id = :entry"
    rows = await s.fetch_all(
        "SELECT e.id, e.name, p.raw, p.e164 FROM contact_list_entries e"
        " JOIN contact_list_phones p ON p.entry_id = e.id"
        f" WHERE e.org_id = :org AND e.list_id = :list{only}"
        " ORDER BY e.position, p.position",
        list=list_id,
        **({} if entry_id is None else {"entry": entry_id}),
    )
    return _grouped(rows)


def _grouped(rows: list[Row]) -> list[ListEntry]:
    """Entries from rows of (id, name, raw, e164), one row a phone, in the entries' order."""
    entries: list[ListEntry] = []
    for row in rows:
        if not entries or entries[-1].id != row["id"]:
            entries.append(ListEntry(id=row["id"], name=row["name"], phones=[]))
        entries[-1].phones.append(ListPhone(number=row["raw"], e164=row["e164"]))
    return entries


async def entries_page(
    s: Scope, list_id: int, *, after: int = -1, size: int
) -> tuple[list[ListEntry], int]:
    """Up to ``size`` entries of a list after position ``after``, and the last one's position:
    a list of 100,000 numbers is read (and sent) a page at a time."""
    last = await s.fetch_value(
        "SELECT MAX(position) FROM (SELECT e.position FROM contact_list_entries e"
        " WHERE e.org_id = :org AND e.list_id = :list AND e.position > :after"
        " ORDER BY e.position LIMIT :size) page",
        list=list_id,
        after=after,
        size=size,
    )
    if last is None:
        return [], after
    rows = await s.fetch_all(
        "SELECT e.id, e.name, p.raw, p.e164 FROM contact_list_entries e"
        " JOIN contact_list_phones p ON p.entry_id = e.id"
        " WHERE e.org_id = :org AND e.list_id = :list AND e.position > :after"
        " AND e.position <= :last ORDER BY e.position, p.position",
        list=list_id,
        after=after,
        last=last,
    )
    return _grouped(rows), int(last)


async def get_list(s: Scope, list_id: int, *, with_entries: bool = True) -> ContactList:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM contact_lists l WHERE l.org_id = :org AND l.id = :id", id=list_id
    )
    if row is None:
        raise NotFound(f"contact list {list_id} does not exist")
    found = _list_from_row(row)
    if with_entries:
        found = msgspec.structs.replace(found, entries=await _entries(s, list_id))
    return found


async def list_lists(
    s: Scope, *, after: int = 0, offset: int = 0, limit: int | None = None
) -> list[ContactList]:
    """Lists by id, after id ``after`` (keyset pages) and skipping ``offset`` (numbered pages)."""
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM contact_lists l WHERE l.org_id = :org AND l.id > :after"
        " ORDER BY l.id LIMIT :limit OFFSET :offset",
        offset=offset,
        **window(after, limit),
    )
    return [_list_from_row(row) for row in rows]


async def count_lists(s: Scope) -> int:
    return int(await s.fetch_value("SELECT COUNT(*) FROM contact_lists WHERE org_id = :org"))


async def delete_list(s: Scope, list_id: int) -> None:
    s.require(AdminAction.DELETE_LISTS)
    gone = await get_list(s, list_id, with_entries=False)
    held = await number_events.numbers_of(s, list_id) if gone.type == "black" else set()
    await delete_record(s, "contact_lists", list_id, "contact list")
    _announce(s, "list.deleted", list_id, gone.name, gone.type)
    number_events.announce(s, list_id, gone.type, unblocked=held)
