"""Exporting contacts: CSV, XLSX or JSON Lines, streamed page by page in flat memory.

    export_shape(hub, org, filter)        the columns: how many phones at most, which fields
    export_stream(hub, org, fmt, filter)  bytes, as they are ready

Each page (``PAGE`` contacts by ascending id) is read in its own short unit of work, so a long
export never holds SQLite's lock for long; it is therefore not one snapshot: a contact changed
during the export appears as it was when its page was read (none is skipped or repeated).

Columns: the contact's own, ``base`` (its base's name), ``phone1``..``phoneN`` (numbers as they
were written, in order), ``tags`` (names joined by ``|``; a single name holding ``,`` or ``;``
gets a trailing ``|`` so an import does not split it) and ``field:NAME`` per custom field. This
is the shape ``import`` reads back. JSON Lines keeps phones (with E.164 and remark), tags and
fields as JSON values instead.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import msgspec

from contacthub.core.bulk.sources import FileFormat
from contacthub.core.bulk.xlsx import MAX_ROWS, XlsxStream
from contacthub.core.contacts.model import ContactFilter
from contacthub.core.contacts.numbered import count_contacts
from contacthub.core.contacts.reads import contact_ids_after
from contacthub.core.fields import list_fields
from contacthub.core.scope import Hub, Scope
from contacthub.core.validation import no_nul
from contacthub.db.database import expand_in
from contacthub.errors import Invalid

PAGE = 5000
CONTACT_COLUMNS = (
    "id", "uuid", "name", "email", "address", "description", "www", "external_code", "base",
    "bot_id", "messenger", "telegram_id", "telegram_username", "viber_id", "vk_id",
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "created_at",
    "updated_at",
)  # fmt: skip
_SELECT = (
    "c.id, c.uuid, c.name, c.email, c.address, c.description, c.www, c.external_code, b.name,"
    " c.bot_id, c.messenger, c.telegram_id, c.telegram_username, c.viber_id, c.vk_id,"
    " c.utm_source, c.utm_medium, c.utm_campaign, c.utm_term, c.utm_content, c.created_at,"
    " c.updated_at"
)
# CSV is UTF-8: Litestar adds "; charset=utf-8" to every text/* type it sends (written here as
# well, the answer said "text/csv; charset=utf-8; charset=utf-8").
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportFilter(msgspec.Struct, frozen=True, kw_only=True):
    base_id: int | None = None
    tags: tuple[str, ...] = ()  # contacts carrying all of them
    # A contacts listing's own filter (text, tag, base, list, bot, blocked...): the export of
    # what the listing shows, in place of base_id and tags. Each page's ids come from that
    # listing's query (contact_ids_after).
    listing: ContactFilter | None = None


@dataclass(frozen=True)
class ExportShape:
    phones: int
    fields: list[str]
    total: int | None  # None when not counted

    @property
    def header(self) -> list[str]:
        return [
            *CONTACT_COLUMNS,
            *(f"phone{i}" for i in range(1, self.phones + 1)),
            "tags",
            *(f"field:{name}" for name in self.fields),
        ]


@dataclass(slots=True)
class Exported:
    """One contact as the export writes it."""

    columns: tuple[Any, ...]  # in CONTACT_COLUMNS order
    phones: list[tuple[str, str, str | None]]
    tags: list[str]
    fields: dict[str, str]


def _where(f: ExportFilter) -> tuple[str, dict[str, Any]]:
    conditions = ["c.org_id = :org", "c.deleted_at IS NULL"]
    params: dict[str, Any] = {}
    if f.base_id is not None:
        conditions.append("c.base_id = :base")
        params["base"] = f.base_id
    for i, name in enumerate(f.tags):
        no_nul("tag", name)  # PostgreSQL refuses a NUL, SQLite matched nothing: one answer
        conditions.append(
            "c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
            f" WHERE t.org_id = :org AND t.name = :tag{i})"
        )
        params[f"tag{i}"] = name
    return " AND ".join(conditions), params


async def export_shape(
    hub: Hub, org_id: int, f: ExportFilter, *, count: bool = True
) -> ExportShape:
    """The columns of an export: a phone column per slot up to the highest one in use (one index
    seek), a column per custom field; and, when ``count``, how many contacts it will hold (a walk
    of the organization's index: only XLSX's row limit and the CLI's progress bar need it)."""
    where, params = _where(f)
    async with hub.reading(org_id) as s:
        # "position > 0" is the partial index's own condition: a seek, not a walk.
        top = await s.fetch_value(
            "SELECT MAX(position) FROM contact_phones WHERE org_id = :org AND position > 0"
        )
        if top is None:
            top = await s.fetch_value("SELECT 0 FROM contact_phones WHERE org_id = :org LIMIT 1")
        names = [field.name for field in await list_fields(s)]
        total = None
        if count and f.listing is not None:
            total = await count_contacts(s, f.listing)
        elif count:
            total = await s.fetch_value(f"SELECT COUNT(*) FROM contacts c WHERE {where}", **params)
    return ExportShape(
        phones=0 if top is None else int(top) + 1,
        fields=names,
        total=None if total is None else int(total),
    )


async def _page(s: Scope, f: ExportFilter, after: int, size: int) -> list[Exported]:
    where, params = _where(f)
    if f.listing is not None:
        ids = await contact_ids_after(s, f.listing, after, size)
        if not ids:
            return []
        # The page's ids drive it ("+c.org_id": by primary key, not the organization's walk).
        where, params = expand_in("listed", ids)
        where = f"+c.org_id = :org AND c.deleted_at IS NULL AND c.id IN {where}"
    rows = await s.fetch_all(
        f"SELECT {_SELECT} FROM contacts c LEFT JOIN contact_bases b ON b.id = c.base_id"
        f" WHERE {where} AND c.id > :after ORDER BY c.id LIMIT :size",
        after=after,
        size=size,
        **params,
    )
    if not rows:
        return []
    # Positional access: both drivers' rows are sequences, and names cost a lookup per cell.
    records = cast(list[Sequence[Any]], rows)
    page = {row[0]: Exported(tuple(row), [], [], {}) for row in records}
    span = {"low": records[0][0], "high": records[-1][0]}
    # By id range: each child table's index on (contact_id, ...) answers it in one scan.
    # "+org_id" keeps SQLite off the (org_id, e164) index, which would scan the whole
    # organization for every page (found by profiling a million-contact export).
    for row in await _positional(
        s,
        "SELECT contact_id, raw, e164, remark FROM contact_phones WHERE +org_id = :org"
        " AND contact_id >= :low AND contact_id <= :high ORDER BY contact_id, position",
        **span,
    ):
        if (found := page.get(row[0])) is not None:
            found.phones.append((row[1], row[2], row[3]))
    for row in await _positional(
        s,
        "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
        " WHERE ct.org_id = :org AND ct.contact_id >= :low AND ct.contact_id <= :high"
        " ORDER BY ct.contact_id, t.name",
        **span,
    ):
        if (found := page.get(row[0])) is not None:
            found.tags.append(row[1])
    for row in await _positional(
        s,
        "SELECT v.contact_id, f.name, v.value FROM field_values v"
        " JOIN custom_fields f ON f.id = v.field_id"
        " WHERE v.org_id = :org AND v.contact_id >= :low AND v.contact_id <= :high",
        **span,
    ):
        if (found := page.get(row[0])) is not None:
            found.fields[row[1]] = row[2]
    return list(page.values())


async def _positional(s: Scope, sql: str, **params: Any) -> list[Sequence[Any]]:
    return cast(list[Sequence[Any]], await s.fetch_all(sql, **params))


async def export_pages(
    hub: Hub, org_id: int, f: ExportFilter, *, size: int = PAGE
) -> AsyncIterator[list[Exported]]:
    after = 0
    while True:
        async with hub.reading(org_id) as s:
            page = await _page(s, f, after, size)
        if not page:
            return
        yield page
        after = page[-1].columns[0]
        # SQLite's reads run on the event loop and an idle lock is taken without waiting: with
        # no turn given between pages, a million-row export held every other request of the
        # process for its whole minute (a GET by id waited 61 s).
        await asyncio.sleep(0)


def join_tags(names: list[str]) -> str:
    joined = "|".join(names)
    if len(names) == 1 and ("," in joined or ";" in joined):
        return joined + "|"
    return joined


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def flat_row(shape: ExportShape, contact: Exported) -> list[str]:
    # The hot loop of an export (a million rows): text cells pass through untouched.
    row = [value if value.__class__ is str else _text(value) for value in contact.columns]
    phones = contact.phones[: shape.phones]
    row += [raw for raw, _, _ in phones]
    if len(phones) < shape.phones:
        row += [""] * (shape.phones - len(phones))
    row.append(join_tags(contact.tags) if contact.tags else "")
    if shape.fields:
        get = contact.fields.get
        row += [get(name, "") for name in shape.fields]
    return row


def json_record(contact: Exported) -> dict[str, Any]:
    record: dict[str, Any] = dict(zip(CONTACT_COLUMNS, contact.columns, strict=True))
    record["created_at"] = _text(record["created_at"])
    record["updated_at"] = _text(record["updated_at"])
    record["phones"] = [
        {"number": raw, "e164": e164, "remark": remark} for raw, e164, remark in contact.phones
    ]
    record["tags"] = contact.tags
    record["fields"] = contact.fields
    return record


async def export_stream(
    hub: Hub,
    org_id: int,
    fmt: FileFormat,
    f: ExportFilter,
    *,
    on_rows: Callable[[int], None] | None = None,
    shape: ExportShape | None = None,
    page_size: int = PAGE,
) -> AsyncIterator[bytes]:
    """The export file, chunk by chunk (about one page of contacts each). Each page's bytes are
    made in a worker thread, so the event loop only reads the pages (``page_size`` rows each:
    the server takes small ones, so that its other requests wait at most one short read)."""
    shape = shape or await export_shape(hub, org_id, f, count=fmt == "xlsx")
    if fmt == "xlsx" and shape.total is not None and shape.total >= MAX_ROWS:
        raise Invalid.field(
            "format", f"an XLSX sheet holds at most {MAX_ROWS - 1} contacts; use csv or jsonl"
        )
    xlsx = XlsxStream() if fmt == "xlsx" else None
    encoder = msgspec.json.Encoder()
    if xlsx is not None:
        yield xlsx.add_rows([shape.header])
    elif fmt == "csv":
        yield _csv_lines([shape.header])

    def render(page: list[Exported]) -> bytes:
        if xlsx is not None:
            return xlsx.add_rows([flat_row(shape, contact) for contact in page])
        if fmt == "csv":
            return _csv_lines([flat_row(shape, contact) for contact in page])
        return b"".join(encoder.encode(json_record(contact)) + b"\n" for contact in page)

    async for page in export_pages(hub, org_id, f, size=page_size):
        yield await asyncio.to_thread(render, page)
        if on_rows is not None:
            on_rows(len(page))
    if xlsx is not None:
        yield xlsx.close()


def _csv_lines(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()
