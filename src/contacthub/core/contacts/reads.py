"""Reading contacts: by id or UUID, by filter (keyset or numbered pages), by external code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from contacthub.core import vendor_ids
from contacthub.core.contacts.filters import LIVE, finds_inside_words, planned, where_of
from contacthub.core.contacts.model import Contact, ContactFilter, Phone
from contacthub.core.fields import values_of_contacts
from contacthub.core.ids import storable, written_id
from contacthub.core.pagination import (
    Page,
    check_limit,
    decode_cursor,
    decode_ranked_cursor,
    encode_ranked_cursor,
    page_of,
)
from contacthub.core.scope import Scope
from contacthub.core.search_text import query_words
from contacthub.core.tags import tag_names_of_contacts
from contacthub.db.database import Row, expand_in
from contacthub.errors import NotFound

# contact_from_row() unpacks a row of these by position: keep the two in step.
COLUMN_NAMES = (
    *("id", "uuid", "name", "email", "address", "description", "www", "external_code"),
    *("base_id", "bot_id", "messenger", "telegram_id", "telegram_username", "viber_id", "vk_id"),
    *("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"),
    *("created_at", "updated_at"),
)
COLUMNS = ", ".join(f"c.{name}" for name in COLUMN_NAMES)
# The same columns, unqualified: what an INSERT INTO contacts ... RETURNING gives back.
RETURNED_COLUMNS = ", ".join(COLUMN_NAMES)


def contact_from_row(
    row: Row,
    phones: list[Phone],
    *,
    tags: list[str] | None = None,
    fields: dict[str, str] | None = None,
    vendor_ids: dict[str, str] | None = None,
) -> Contact:
    """A contact from a row of ``COLUMNS``, in their order. Unpacked by position: a row's
    lookup by name scans its column names (sqlite3.Row), 22 times a contact."""
    (
        id_,
        uuid,
        name,
        email,
        address,
        description,
        www,
        external_code,
        base_id,
        bot_id,
        messenger,
        telegram_id,
        telegram_username,
        viber_id,
        vk_id,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_term,
        utm_content,
        created_at,
        updated_at,
    ) = row
    return Contact(
        id=id_,
        uuid=uuid,
        name=name,
        email=email,
        address=address,
        description=description,
        www=www,
        external_code=external_code,
        base_id=base_id,
        bot_id=bot_id,
        messenger=messenger,
        telegram_id=telegram_id,
        telegram_username=telegram_username,
        viber_id=viber_id,
        vk_id=vk_id,
        utm_source=utm_source,
        utm_medium=utm_medium,
        utm_campaign=utm_campaign,
        utm_term=utm_term,
        utm_content=utm_content,
        phones=phones,
        created_at=created_at,
        updated_at=updated_at,
        tags=tags,
        fields=fields,
        vendor_ids=vendor_ids,
    )


async def _live_contact(s: Scope, ref: int | str, columns: str) -> Row:
    """``columns`` of a live contact of the scope, by integer id or UUID; else NotFound.

    In a write unit the row is locked until the unit ends (``locking``): every change of a
    contact looks it up here first, so writers of one contact take turns and each reads what
    the one before wrote (no lost update on PostgreSQL)."""
    lock = s.conn.locking
    number = ref if isinstance(ref, int) else written_id(ref)
    if number is not None:
        if not storable(number):
            raise NotFound(f"contact {ref} does not exist")
        row = await s.fetch_one(
            f"SELECT {columns} FROM contacts c WHERE {LIVE} AND c.id = :id{lock}", id=number
        )
    else:
        row = await s.fetch_one(
            f"SELECT {columns} FROM contacts c WHERE {LIVE} AND c.uuid = :uuid{lock}", uuid=ref
        )
    if row is None:
        survivor = await _survivor_of(s, number, ref)
        if survivor is None:
            raise NotFound(f"contact {ref} does not exist")
        row = await s.fetch_one(
            f"SELECT {columns} FROM contacts c WHERE {LIVE} AND c.id = :id{lock}", id=survivor
        )
        if row is None:
            raise NotFound(f"contact {ref} does not exist")
    return row


async def _survivor_of(s: Scope, number: int | None, ref: int | str) -> int | None:
    """The contact a merged-away one was absorbed into (core/contacts/merge.py), if ``ref``
    names one: a stored id or UUID keeps answering, through every dialect."""
    if number is not None:
        found = await s.fetch_value(
            "SELECT contact_id FROM contact_aliases WHERE org_id = :org AND alias_id = :id",
            id=number,
        )
    else:
        found = await s.fetch_value(
            "SELECT contact_id FROM contact_aliases WHERE org_id = :org AND alias_uuid = :uuid",
            uuid=ref,
        )
    return None if found is None else int(found)


async def contact_id_of(s: Scope, ref: int | str) -> int:
    """The id of a live contact of the scope, given its integer id or its UUID; else NotFound."""
    return int((await _live_contact(s, ref, "c.id"))["id"])


async def contact_key_of(s: Scope, ref: int | str) -> tuple[int, str]:
    """The id and UUID of a live contact (a merged-away one's: the survivor's); else NotFound."""
    row = await _live_contact(s, ref, "c.id, c.uuid")
    return int(row["id"]), str(row["uuid"])


async def phones_of(s: Scope, contact_ids: Sequence[int]) -> dict[int, list[Phone]]:
    phones: dict[int, list[Phone]] = {contact_id: [] for contact_id in contact_ids}
    if not contact_ids:
        return phones
    if len(contact_ids) == 1:
        rows = await s.fetch_all(
            "SELECT contact_id, position, raw, remark, e164 FROM contact_phones"
            " WHERE org_id = :org AND contact_id = :contact ORDER BY position",
            contact=contact_ids[0],
        )
    else:
        placeholders, params = expand_in("contact", contact_ids)
        # ``+org_id``: with ``org_id = :org`` SQLite, which has no statistics, walked the
        # organization's every phone on (org_id, e164) (0.3 s at 1M contacts) instead of
        # seeking each contact on (contact_id, position) (0.1 ms). tests/core/test_query_plans.
        rows = await s.fetch_all(
            "SELECT contact_id, position, raw, remark, e164 FROM contact_phones"
            f" WHERE +org_id = :org AND contact_id IN {placeholders} ORDER BY contact_id, position",
            **params,
        )
    for row in rows:
        phones[row["contact_id"]].append(
            Phone(
                number=row["raw"], e164=row["e164"], remark=row["remark"], position=row["position"]
            )
        )
    return phones


async def get_contact(
    s: Scope, ref: int | str, *, with_tags: bool = False, with_fields: bool = False
) -> Contact:
    row = await _live_contact(s, ref, COLUMNS)
    return await _one_contact(s, row, with_tags=with_tags, with_fields=with_fields)


# One contact's phones, vendor ids, tags and field values in one statement (the hot read: two
# statements instead of five). Each branch fills (kind, n, a, b, c); ORDER BY keeps each list's
# own order: phones by position, tags by name, values by field id.
_PHONES_PART = (
    "SELECT 0 AS kind, p.position AS n, p.raw AS a, p.e164 AS b, p.remark AS c"
    " FROM contact_phones p WHERE p.org_id = :org AND p.contact_id = :contact"
)
_VENDOR_IDS_PART = (
    " UNION ALL SELECT 3, 0, vi.system, vi.vendor_id, NULL FROM vendor_ids vi"
    " WHERE vi.org_id = :org AND vi.kind = 'contact' AND vi.record_id = :contact"
)
_TAGS_PART = (
    " UNION ALL SELECT 1, 0, t.name, NULL, NULL FROM contact_tags ct JOIN tags t"
    " ON t.id = ct.tag_id WHERE ct.org_id = :org AND ct.contact_id = :contact"
)
_FIELDS_PART = (
    " UNION ALL SELECT 2, f.id, f.name, v.value, NULL FROM field_values v JOIN custom_fields f"
    " ON f.id = v.field_id WHERE v.org_id = :org AND v.contact_id = :contact"
)
_EXTRAS = {
    (tags, fields): _PHONES_PART
    + _VENDOR_IDS_PART
    + (_TAGS_PART if tags else "")
    + (_FIELDS_PART if fields else "")
    + " ORDER BY 1, 2, 3"
    for tags in (False, True)
    for fields in (False, True)
}


async def _one_contact(s: Scope, row: Row, *, with_tags: bool, with_fields: bool) -> Contact:
    rows = await s.fetch_all(_EXTRAS[with_tags, with_fields], contact=row["id"])
    phones: list[Phone] = []
    tags: list[str] | None = [] if with_tags else None
    fields: dict[str, str] | None = {} if with_fields else None
    vendor_ids: dict[str, str] = {}
    for r in rows:
        kind = r["kind"]
        if kind == 0:
            phones.append(Phone(number=r["a"], e164=r["b"], remark=r["c"], position=r["n"]))
        elif kind == 1 and tags is not None:
            tags.append(r["a"])
        elif kind == 3:
            vendor_ids[r["a"]] = r["b"]
        elif fields is not None:
            fields[r["a"]] = r["b"]
    return contact_from_row(row, phones, tags=tags, fields=fields, vendor_ids=vendor_ids)


async def _with_extras(
    s: Scope, contacts: list[Contact], *, with_tags: bool, with_fields: bool
) -> list[Contact]:
    """A page's tags and field values: one statement each for the whole page."""
    if not contacts or not (with_tags or with_fields):
        return contacts
    ids = [contact.id for contact in contacts]
    changes: dict[str, dict[int, Any]] = {}
    if with_tags:
        changes["tags"] = await tag_names_of_contacts(s, ids)
    if with_fields:
        changes["fields"] = await values_of_contacts(s, ids)
    return [
        _replace(contact, {name: found[contact.id] for name, found in changes.items()})
        for contact in contacts
    ]


def _replace(contact: Contact, changes: dict[str, Any]) -> Contact:
    return msgspec.structs.replace(contact, **changes)


async def hydrate(
    s: Scope, rows: list[Row], *, with_tags: bool, with_fields: bool
) -> list[Contact]:
    ids = [row["id"] for row in rows]
    phones = await phones_of(s, ids)
    known = await vendor_ids.of_records(s, "contact", ids)
    contacts = [
        contact_from_row(row, phones[row["id"]], vendor_ids=known.get(row["id"], {}))
        for row in rows
    ]
    return await _with_extras(s, contacts, with_tags=with_tags, with_fields=with_fields)


async def list_contacts(
    s: Scope,
    f: ContactFilter,
    *,
    limit: int | None = None,
    cursor: str | None = None,
    with_tags: bool = False,
    with_fields: bool = False,
) -> Page[Contact]:
    """A keyset page by ascending id: the same cost on the first page and the ten-thousandth.

    With a text, ranked: first the contacts where a word starts with it (by id), then those
    that hold it inside a word (by id); each tier is a keyset walk of its own index."""
    size = check_limit(limit)
    if f.text and query_words(f.text):
        return await _ranked_page(s, f, size, cursor, with_tags=with_tags, with_fields=with_fields)
    rows = await _keyset_rows(s, f, None, decode_cursor(cursor), size + 1)
    contacts = await hydrate(s, rows[:size], with_tags=with_tags, with_fields=with_fields)
    return page_of(contacts, len(rows) > size)


async def _keyset_rows(
    s: Scope, f: ContactFilter, tier: int | None, after: int, size: int
) -> list[Row]:
    source, where, id_column, params = await where_of(s, f, tier)
    async with planned(s, f):
        return await s.fetch_all(
            f"SELECT {COLUMNS} FROM {source} WHERE {where} AND {id_column} > :after"
            f" ORDER BY {id_column} LIMIT :size",
            after=after,
            size=size,
            **params,
        )


async def _ranked_page(
    s: Scope,
    f: ContactFilter,
    size: int,
    cursor: str | None,
    *,
    with_tags: bool,
    with_fields: bool,
) -> Page[Contact]:
    tier, after = decode_ranked_cursor(cursor)
    found = [(tier, row) for row in await _keyset_rows(s, f, tier, after, size + 1)]
    if tier == 0 and len(found) <= size and finds_inside_words(f):
        # The word starts are all here: the page goes on with the rest from the start.
        found += [(1, row) for row in await _keyset_rows(s, f, 1, 0, size + 1 - len(found))]
    rows = [row for _, row in found[:size]]
    contacts = await hydrate(s, rows, with_tags=with_tags, with_fields=with_fields)
    if len(found) <= size:
        return Page(contacts, None)
    last_tier, last = found[size - 1]
    return Page(contacts, encode_ranked_cursor(last_tier, last["id"]))


async def contact_ids_after(s: Scope, f: ContactFilter, after: int, size: int) -> list[int]:
    """The ids of the next ``size`` contacts the filter names, after id ``after`` (an export
    walks a listing's filter with them, page by page)."""
    source, where, id_column, params = await where_of(s, f)
    async with planned(s, f):
        rows = await s.fetch_all(
            f"SELECT {id_column} AS id FROM {source} WHERE {where} AND {id_column} > :after"
            f" ORDER BY {id_column} LIMIT :size",
            after=after,
            size=size,
            **params,
        )
    return [row["id"] for row in rows]


async def find_by_external_code(s: Scope, code: str, *, base_id: int | None = None) -> Contact:
    """The oldest live contact with this external code (in this base, if one is named); else
    the contact a merged-away holder of the code was absorbed into (``_absorbed_holder``)."""
    source, where, id_column, params = await where_of(
        s, ContactFilter(external_code=code, base_id=base_id)
    )
    row = await s.fetch_one(
        f"SELECT {COLUMNS} FROM {source} WHERE {where} ORDER BY {id_column} LIMIT 1",
        **params,
    )
    if row is None:
        survivor = await _absorbed_holder(s, code)
        if survivor is not None:
            source, where, id_column, params = await where_of(s, ContactFilter(base_id=base_id))
            row = await s.fetch_one(
                f"SELECT {COLUMNS} FROM {source} WHERE {where} AND {id_column} = :survivor",
                survivor=survivor,
                **params,
            )
    if row is None:
        raise NotFound(f"no contact has the external code {code!r}")
    return (await hydrate(s, [row], with_tags=False, with_fields=False))[0]


async def _absorbed_holder(s: Scope, code: str) -> int | None:
    """The live survivor of the oldest merged-away contact that held ``code``: a stored external
    code keeps answering, like a stored id, after the absorbed row is purged too (the code is
    kept with the alias, core/contacts/merge.py; an erase clears it). One probe of (org_id,
    alias_code)."""
    found = await s.fetch_value(
        "SELECT a.contact_id FROM contact_aliases a JOIN contacts c ON c.id = a.contact_id"
        " WHERE a.org_id = :org AND a.alias_code = :code AND c.org_id = :org"
        " AND c.deleted_at IS NULL ORDER BY a.alias_id LIMIT 1",
        code=code,
    )
    return None if found is None else int(found)
