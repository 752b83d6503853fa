"""Numbered pages of contacts (the vendors' ``page=``) and counts, from the counts the database
keeps where they answer (db/models/contact_count.py)."""

from __future__ import annotations

from typing import Any

import msgspec

from contacthub.core.contacts.filters import check_filter, created_span, planned, where_of
from contacthub.core.contacts.model import Contact, ContactFilter
from contacthub.core.contacts.reads import COLUMNS, hydrate
from contacthub.core.ids import MAX_ID
from contacthub.core.scope import Scope
from contacthub.db.database import Row
from contacthub.db.models.contact_count import ID_RANGE_BITS

_NO_FILTER = ContactFilter()
# A page this shallow walks no farther from the start than from its range: no counts to read.
SHALLOW = 1 << ID_RANGE_BITS


def _created_only(f: ContactFilter) -> bool:
    """Whether the filter is a span of creation times and nothing else."""
    return msgspec.structs.replace(f, created_from=None, created_to=None) == _NO_FILTER


def _counted(f: ContactFilter) -> bool:
    """Whether the counts the database keeps answer for the filter: none, or a bot only."""
    return msgspec.structs.replace(f, bot_id=None) == _NO_FILTER


async def list_contacts_numbered(
    s: Scope,
    f: ContactFilter,
    *,
    page: int,
    per_page: int,
    total: int | None = None,
    with_tags: bool = False,
    with_fields: bool = False,
) -> list[Contact]:
    """Page ``page`` (from 1) of ``per_page`` contacts by id, for APIs that number their pages.

    An OFFSET walks the index up to the page. The organization's or a bot's contacts start
    their walk in the range of ids the page begins in (``_range_start``: the middle of 1M
    contacts walked 500,000 entries, 227 ms on PostgreSQL). Other filters, given the ``total``
    (the envelope has it anyway), read a page in the second half from the end: the middle of
    what they name is their farthest walk."""
    source, where, id_column, params = await where_of(s, f)
    skip = (page - 1) * per_page
    if total is not None and skip >= total:
        return []
    if skip >= SHALLOW and _counted(f):
        low, skip = await _range_start(s, f.bot_id, skip)
        where = f"{where} AND {id_column} >= :low"
        params = {**params, "low": low}
        total = None
    async with planned(s, f):
        rows = await _numbered_rows(s, source, where, id_column, params, skip, per_page, total)
    return await hydrate(s, rows, with_tags=with_tags, with_fields=with_fields)


async def _range_start(s: Scope, bot_id: int | None, skip: int) -> tuple[int, int]:
    """The first id of the range that holds the live contact ``skip`` (from 0) of the
    organization or bot, and how many of the range's own come before it, from the counts
    (db/models/contact_count.py): a few hundred rows summed instead of ``skip`` entries walked.
    Past the last contact: a range after every id, so the page is empty."""
    counts, params = _counts_of(bot_id)
    ranges = await s.fetch_all(
        f"SELECT id_range, SUM(live) {counts} GROUP BY id_range ORDER BY id_range", **params
    )
    for id_range, live in ranges:
        if skip < live:
            return id_range << ID_RANGE_BITS, skip
        skip -= live
    return MAX_ID, 0


def _counts_of(bot_id: int | None) -> tuple[str, dict[str, Any]]:
    """FROM and WHERE of the organization's rows of contact_counts, or of one bot's."""
    if bot_id is None:
        return "FROM contact_counts WHERE org_id = :org", {}
    return "FROM contact_counts WHERE org_id = :org AND bot_key = :bot", {"bot": bot_id}


async def _numbered_rows(
    s: Scope,
    source: str,
    where: str,
    id_column: str,
    params: dict[str, Any],
    skip: int,
    per_page: int,
    total: int | None,
) -> list[Row]:
    if total is not None and skip > total // 2:
        # The same rows, counted back from the last: skip total - skip - per_page of them (or
        # none, on a last page that is not full), then put them back in ascending order.
        from_end = max(total - skip - per_page, 0)
        rows = await s.fetch_all(
            f"SELECT {COLUMNS} FROM {source} WHERE {where}"
            f" ORDER BY {id_column} DESC LIMIT :size OFFSET :skip",
            size=min(per_page, total - skip),
            skip=from_end,
            **params,
        )
        rows.reverse()
        return rows
    return await s.fetch_all(
        f"SELECT {COLUMNS} FROM {source} WHERE {where}"
        f" ORDER BY {id_column} LIMIT :size OFFSET :skip",
        size=per_page,
        skip=skip,
        **params,
    )


async def count_contacts(s: Scope, f: ContactFilter) -> int:
    """How many live contacts the filter names. The organization's, or a bot's, from the counts
    the database keeps (migration 0010: a COUNT of 1M was 78 ms); a span of creation times from
    its index (``created_span``); any other filter counts what its index names."""
    if _counted(f):
        check_filter(f)
        counts, params = _counts_of(f.bot_id)
        return int(await s.fetch_value(f"SELECT SUM(live) {counts}", **params) or 0)
    if _created_only(f) and (span := await created_span(s, f)) is not None:
        return span.named
    source, where, _, params = await where_of(s, f)
    async with planned(s, f):
        sql = f"SELECT COUNT(*) FROM {source} WHERE {where}"
        return int(await s.fetch_value(sql, **params))
