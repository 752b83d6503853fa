"""Reading contacts: by id or UUID, by filter (keyset or numbered pages), by external code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from contacthub.core import vendor_ids
from contacthub.core.contacts.model import Contact, ContactFilter, Phone
from contacthub.core.fields import values_of_contacts
from contacthub.core.ids import check_filter_id, storable, written_id
from contacthub.core.pagination import Page, check_limit, decode_cursor, page_of
from contacthub.core.phones import normalize_phone
from contacthub.core.scope import Scope
from contacthub.core.tags import tag_names_of_contacts
from contacthub.core.validation import no_nul
from contacthub.db.database import Row, expand_in, glob_pattern, like_pattern
from contacthub.db.search_index import FTS_TABLE
from contacthub.errors import Invalid, NotFound

# contact_from_row() unpacks a row of these by position: keep the two in step.
_COLUMN_NAMES = (
    *("id", "uuid", "name", "email", "address", "description", "www", "external_code"),
    *("base_id", "bot_id", "messenger", "telegram_id", "telegram_username", "viber_id", "vk_id"),
    *("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"),
    *("created_at", "updated_at"),
)
COLUMNS = ", ".join(f"c.{name}" for name in _COLUMN_NAMES)
# The same columns, unqualified: what an INSERT INTO contacts ... RETURNING gives back.
RETURNED_COLUMNS = ", ".join(_COLUMN_NAMES)
_LIVE = "c.org_id = :org AND c.deleted_at IS NULL"
_LIVE_BY_ID = "+c.org_id = :org AND c.deleted_at IS NULL"
# Longer texts find nothing a shorter part would not, and a 50,000-character LIKE pattern was
# SQLite's "pattern too complex" (a 503 that read as an outage).
MAX_SEARCH_TEXT = 200


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
            f"SELECT {columns} FROM contacts c WHERE {_LIVE} AND c.id = :id{lock}", id=number
        )
    else:
        row = await s.fetch_one(
            f"SELECT {columns} FROM contacts c WHERE {_LIVE} AND c.uuid = :uuid{lock}", uuid=ref
        )
    if row is None:
        raise NotFound(f"contact {ref} does not exist")
    return row


async def contact_id_of(s: Scope, ref: int | str) -> int:
    """The id of a live contact of the scope, given its integer id or its UUID; else NotFound."""
    return int((await _live_contact(s, ref, "c.id"))["id"])


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


_PLAIN_SOURCE = ("contacts c", "c.id")
# With a tag, the walk starts from the tag's index (tag_id, contact_id): a page then costs the
# same whether the tag is on ten contacts or a million (an IN-list would be built in full).
_TAGGED_SOURCE = ("contact_tags ct JOIN contacts c ON c.id = ct.contact_id", "ct.contact_id")
# With a text (SQLite), from the trigram index in rowid order; CROSS JOIN keeps that order (as
# a plain join SQLite walked the organization's contacts and probed the index: minutes).
_SEARCHED_SOURCE = (f"{FTS_TABLE} fts CROSS JOIN contacts c ON c.id = fts.rowid", "fts.rowid")
TRIGRAM = 3


def _check_filter(f: ContactFilter) -> None:
    """Refuse what no query should get: ids past 64 bits (a driver's error, a 500 on SQLite),
    texts too long to search for, and NULs (PostgreSQL refuses them, SQLite matched nothing:
    one answer on both)."""
    for name, value in (("base_id", f.base_id), ("bot_id", f.bot_id), ("list_id", f.list_id)):
        check_filter_id(name, value)
    texts = (
        ("tag", f.tag),
        ("q", f.text),
        ("external_code", f.external_code),
        ("telegram_id", f.telegram_id),
        ("viber_id", f.viber_id),
        ("vk_id", f.vk_id),
    )
    for name, text in texts:
        if text is not None:
            no_nul(name, text)
    if f.text is not None and len(f.text) > MAX_SEARCH_TEXT:
        raise Invalid.field("q", f"the search text is longer than {MAX_SEARCH_TEXT} characters")


def _where(s: Scope, f: ContactFilter) -> tuple[str, str, str, dict[str, Any]]:
    """FROM clause, WHERE clause, the id column to order and page by, and the parameters."""
    _check_filter(f)
    # A phone, a list or a searched text names few contacts: they drive the page (by primary
    # key, or from the trigram index). On (org_id, id) SQLite, which has no statistics, walked
    # the organization's every contact in id order and probed each against them (158 ms at 1M
    # contacts, 0.16 ms so).
    driven = f.phone is not None or f.list_id is not None
    conditions: list[str] = []
    params: dict[str, Any] = {}
    source, id_column = _PLAIN_SOURCE
    if f.base_id is not None:
        conditions.append("c.base_id = :base")
        params["base"] = f.base_id
    if f.bot_id is not None:
        conditions.append("c.bot_id = :bot")
        params["bot"] = f.bot_id
    if f.tag is not None:
        source, id_column = _TAGGED_SOURCE
        conditions.append(
            "ct.org_id = :org AND ct.tag_id = (SELECT t.id FROM tags t"
            " WHERE t.org_id = :org AND t.name = :tag)"
        )
        params["tag"] = f.tag
    if f.phone is not None:
        try:
            params["phone"] = normalize_phone(f.phone, s.env.region, strict=False)
        except Invalid as error:
            raise Invalid.field("phone", error.message) from None
        conditions.append(
            "c.id IN (SELECT p.contact_id FROM contact_phones p"
            " WHERE p.org_id = :org AND p.e164 = :phone)"
        )
    if f.list_id is not None:
        conditions.append(
            "c.id IN (SELECT p.contact_id FROM contact_phones p JOIN contact_list_phones lp"
            " ON lp.org_id = p.org_id AND lp.e164 = p.e164"
            " WHERE p.org_id = :org AND lp.list_id = :list)"
        )
        params["list"] = f.list_id
    if f.blocked:
        # Blocked contacts are few: their black-listed numbers drive the page, as a list's do.
        driven = True
        conditions.append(
            "c.id IN (SELECT p.contact_id FROM contact_list_phones lp JOIN contact_phones p"
            " ON p.org_id = lp.org_id AND p.e164 = lp.e164"
            " WHERE lp.org_id = :org AND lp.list_type = 'black')"
        )
    elif f.blocked is not None:
        # Unblocked ones are most: the walk in id order finds a page of them at once.
        # Each contact's phones by its id, then each number in the lists ("+p.org_id", CROSS
        # JOIN: in this order); SQLite began with the organization's list numbers, a walk for
        # every contact (5.6 s for a page at 1M contacts).
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM contact_phones p CROSS JOIN contact_list_phones lp"
            " WHERE +p.org_id = :org AND p.contact_id = c.id"
            " AND lp.org_id = :org AND lp.e164 = p.e164 AND lp.list_type = 'black')"
        )
    if f.text:
        text = f.text.casefold()
        if s.conn.dialect == "sqlite" and f.tag is None and len(text) >= TRIGRAM:
            # The trigram index drives the page in id order and stops at its LIMIT: a rare
            # text and a common one cost alike (1M contacts: 0.3-0.8 s by LIKE, 1-7 ms so).
            # It answers GLOB, not LIKE ... ESCAPE; both texts are folded.
            source, id_column = _SEARCHED_SOURCE
            driven = True
            conditions.append("fts.search_text GLOB :text")
            params["text"] = glob_pattern(text)
        else:
            # PostgreSQL: pg_trgm's GIN index serves this LIKE. SQLite, a text of one or two
            # characters (no trigram to look up; FTS5 answers such a GLOB with nothing) or
            # within a tag: the walk in id order, which such a common text stops early.
            conditions.append("c.search_text LIKE :text ESCAPE '\\'")
            params["text"] = like_pattern(text)
    if f.external_code is not None:
        conditions.append("c.external_code = :external_code")
        params["external_code"] = f.external_code
    for column, value in (
        ("telegram_id", f.telegram_id),
        ("viber_id", f.viber_id),
        ("vk_id", f.vk_id),
    ):
        if value is not None:
            conditions.append(f"c.{column} = :{column}")
            params[column] = value
    if f.created_from is not None:
        conditions.append("c.created_at >= :created_from")
        params["created_from"] = f.created_from
    if f.created_to is not None:
        conditions.append("c.created_at <= :created_to")
        params["created_to"] = f.created_to
    where = " AND ".join([_LIVE_BY_ID if driven else _LIVE, *conditions])
    return source, where, id_column, params


async def _hydrate(
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
    """A keyset page by ascending id: the same cost on the first page and the ten-thousandth."""
    size = check_limit(limit)
    source, where, id_column, params = _where(s, f)
    rows = await s.fetch_all(
        f"SELECT {COLUMNS} FROM {source} WHERE {where} AND {id_column} > :after"
        f" ORDER BY {id_column} LIMIT :size",
        after=decode_cursor(cursor),
        size=size + 1,
        **params,
    )
    contacts = await _hydrate(s, rows[:size], with_tags=with_tags, with_fields=with_fields)
    return page_of(contacts, len(rows) > size)


async def contact_ids_after(s: Scope, f: ContactFilter, after: int, size: int) -> list[int]:
    """The ids of the next ``size`` contacts the filter names, after id ``after`` (an export
    walks a listing's filter with them, page by page)."""
    source, where, id_column, params = _where(s, f)
    rows = await s.fetch_all(
        f"SELECT {id_column} AS id FROM {source} WHERE {where} AND {id_column} > :after"
        f" ORDER BY {id_column} LIMIT :size",
        after=after,
        size=size,
        **params,
    )
    return [row["id"] for row in rows]


async def list_contacts_numbered(
    s: Scope,
    f: ContactFilter,
    *,
    page: int,
    per_page: int,
    with_tags: bool = False,
    with_fields: bool = False,
) -> list[Contact]:
    """Page ``page`` (from 1) of ``per_page`` contacts by id, for APIs that number their pages."""
    source, where, id_column, params = _where(s, f)
    rows = await s.fetch_all(
        f"SELECT {COLUMNS} FROM {source} WHERE {where}"
        f" ORDER BY {id_column} LIMIT :size OFFSET :skip",
        size=per_page,
        skip=(page - 1) * per_page,
        **params,
    )
    return await _hydrate(s, rows, with_tags=with_tags, with_fields=with_fields)


async def count_contacts(s: Scope, f: ContactFilter) -> int:
    source, where, _, params = _where(s, f)
    return int(await s.fetch_value(f"SELECT COUNT(*) FROM {source} WHERE {where}", **params))


async def find_by_external_code(s: Scope, code: str, *, base_id: int | None = None) -> Contact:
    """The oldest live contact with this external code (in this base, if one is named)."""
    source, where, id_column, params = _where(s, ContactFilter(external_code=code, base_id=base_id))
    row = await s.fetch_one(
        f"SELECT {COLUMNS} FROM {source} WHERE {where} ORDER BY {id_column} LIMIT 1",
        **params,
    )
    if row is None:
        raise NotFound(f"no contact has the external code {code!r}")
    return (await _hydrate(s, [row], with_tags=False, with_fields=False))[0]
