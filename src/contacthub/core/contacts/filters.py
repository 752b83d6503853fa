"""The WHERE of a contact listing: what each filter of a ``ContactFilter`` becomes in SQL, and
which index drives the walk (tests/core/test_query_plans.py holds each one to its index)."""

from __future__ import annotations

import re
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, NamedTuple

from contacthub.core.contacts.model import ContactFilter
from contacthub.core.ids import check_filter_id
from contacthub.core.phones import normalize_phone
from contacthub.core.scope import Scope
from contacthub.core.search_text import query_words, word_start
from contacthub.core.validation import no_nul
from contacthub.db.database import glob_pattern, like_pattern
from contacthub.db.search_index import FTS_TABLE
from contacthub.errors import Invalid

LIVE = "c.org_id = :org AND c.deleted_at IS NULL"
_LIVE_BY_ID = "+c.org_id = :org AND c.deleted_at IS NULL"
# Longer texts find nothing a shorter part would not, and a 50,000-character LIKE pattern was
# SQLite's "pattern too complex" (a 503 that read as an outage).
MAX_SEARCH_TEXT = 200
_PLAIN_SOURCE = ("contacts c", "c.id")
# With a tag, the walk starts from the tag's index (tag_id, contact_id): a page then costs the
# same whether the tag is on ten contacts or a million (an IN-list would be built in full).
_TAGGED_SOURCE = ("contact_tags ct JOIN contacts c ON c.id = ct.contact_id", "ct.contact_id")
# With a text (SQLite), from the trigram index in rowid order; CROSS JOIN keeps that order (as
# a plain join SQLite walked the organization's contacts and probed the index: minutes).
_SEARCHED_SOURCE = (f"{FTS_TABLE} fts CROSS JOIN contacts c ON c.id = fts.rowid", "fts.rowid")
TRIGRAM = 3
# Up to this many contacts created in a filter's span bound its walk by their ids.
CREATED_SPAN = 25_000
_RUNS = re.compile(r"\w+")


def check_filter(f: ContactFilter) -> None:
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


async def where_of(
    s: Scope, f: ContactFilter, tier: int | None = None
) -> tuple[str, str, str, dict[str, Any]]:
    """FROM clause, WHERE clause, the id column to order and page by, and the parameters.

    With a text and a ``tier``: 0 keeps the contacts where a word starts with the text's
    longest word, 1 those that hold it only inside a word (None: either)."""
    check_filter(f)
    created = await created_span(s, f)
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
        words = query_words(f.text)
        longest = max(words, key=len, default="")
        # The index looks up the longest run of letters and digits of the longest word: the
        # trigrams of "@example.com" are in a third of a million e-mails, and both indexes
        # read every trigram's whole list (a rare e-mail: 78-106 ms on pg_trgm, 5 ms by the
        # run "user999999"). Everything else is checked on the rows it finds.
        drive = _drive(longest)
        short = len(drive) < TRIGRAM
        if short:
            # A text this short finds the words that start with it (finds_inside_words): the
            # longest, after the two spaces before every word, is three characters or more.
            if tier == 1:
                conditions.append("1 = 0")
            tier = 0
            looked_up = word_start(longest)
        else:
            at_start = tier == 0 and longest.startswith(drive)
            looked_up = word_start(drive) if at_start else drive
        sqlite = s.conn.dialect == "sqlite"
        if len(looked_up) >= TRIGRAM and not (sqlite and f.tag is not None):
            if sqlite:
                # FTS5 drives the page in id order and stops at its LIMIT (CROSS JOIN keeps
                # it so): a rare text and a common one cost alike. It answers GLOB, not LIKE.
                source, id_column = _SEARCHED_SOURCE
                driven = True
                conditions.append("fts.search_text GLOB :text")
                params["text"] = glob_pattern(looked_up)
            else:
                # pg_trgm's GIN index serves the LIKE.
                conditions.append("c.search_text LIKE :text ESCAPE '\\'")
                params["text"] = like_pattern(looked_up)
        # Checks on each row found (or walked: on SQLite a text within a tag walks the tag's
        # contacts in id order, which a common text stops early). Plain substring tests, which
        # no planner takes for an index lookup.
        holds = "instr(c.search_text, :{0}) > 0" if sqlite else "strpos(c.search_text, :{0}) > 0"
        lacks = "instr(c.search_text, :{0}) = 0" if sqlite else "strpos(c.search_text, :{0}) = 0"
        checks = [(holds, word_start(word) if short else word) for word in words]
        if tier == 0:
            checks.append((holds, word_start(longest)))
        elif tier == 1:
            checks.append((lacks, word_start(longest)))
        for i, (check, text) in enumerate(checks):
            conditions.append(check.format(f"text_{i}"))
            params[f"text_{i}"] = text
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
    if created is not None:
        conditions.append("c.id BETWEEN :created_low AND :created_high")
        params["created_low"], params["created_high"] = created.low, created.high
    created_bounds, created_params = _created_bounds(f, "c")
    conditions += created_bounds
    params.update(created_params)
    where = " AND ".join([_LIVE_BY_ID if driven else LIVE, *conditions])
    return source, where, id_column, params


def _drive(word: str) -> str:
    """The longest run of letters and digits of a word: what the trigram index looks up."""
    return max(_RUNS.findall(word), key=len, default="")


def finds_inside_words(f: ContactFilter) -> bool:
    """Whether ``q`` also finds contacts that hold its text inside a word, after those where a
    word starts with it. A text without three letters or digits in a row anywhere finds word
    starts only, each of its words: "ив" finds Иван and Ивлев, not Давид. Inside words no
    trigram index can look such a text up, and an absent one walked every contact (about a
    second at 1M); at a word start it is "  ив" (core/search_text.py: two spaces before every
    word), which the index finds, as it finds "  и"."""
    words = query_words(f.text or "")
    return len(_drive(max(words, key=len, default=""))) >= TRIGRAM


def _created_bounds(f: ContactFilter, table: str) -> tuple[list[str], dict[str, Any]]:
    """The conditions of the filter's span of creation times on ``table``'s created_at."""
    bounds: list[str] = []
    params: dict[str, Any] = {}
    for name, operator, value in (
        ("created_from", ">=", f.created_from),
        ("created_to", "<=", f.created_to),
    ):
        if value is not None:
            bounds.append(f"{table}.created_at {operator} :{name}")
            params[name] = value
    return bounds, params


class CreatedSpan(NamedTuple):
    """The live contacts created in a filter's span: how many, their lowest and highest id."""

    named: int
    low: int
    high: int


async def created_span(s: Scope, f: ContactFilter) -> CreatedSpan | None:
    """The live contacts created in the filter's span, when the created_at index of live
    contacts (org_id, created_at; migration 0016) names fewer than ``CREATED_SPAN`` of them,
    else None.

    Contacts are paged in id order, and ids grow with time: "created since yesterday" walked the
    organization's every older contact in id order to reach the new ones (225 ms at 1M; neither
    database knows that the two orders agree). Every contact of the span has an id between
    ``low`` and ``high``, so the walk starts and ends there, and a span alone is counted here
    (Watbot's ``total``). The index counts at most ``CREATED_SPAN`` entries (2 ms at 1M
    contacts); past that the walk in id order finds a page of them."""
    if f.created_from is None and f.created_to is None:
        return None
    bounds, params = _created_bounds(f, "x")
    bounds[:0] = ["x.org_id = :org", "x.deleted_at IS NULL"]
    params["span"] = CREATED_SPAN
    async with s.conn.custom_plans():  # a generic plan read the table (184 ms on PostgreSQL)
        row = await s.fetch_one(
            "SELECT COUNT(*), MIN(id), MAX(id) FROM"
            f" (SELECT x.id FROM contacts x WHERE {' AND '.join(bounds)} LIMIT :span) span",
            **params,
        )
    assert row is not None
    named, low, high = row
    if named >= CREATED_SPAN:
        return None
    return CreatedSpan(named, low, high) if named else CreatedSpan(0, 1, 0)


def planned(s: Scope, f: ContactFilter) -> AbstractAsyncContextManager[None]:
    """A searched text, or a span of creation times, is planned for itself each time
    (db.database: Connection.custom_plans): a generic plan for it walked the organization on
    PostgreSQL."""
    custom = f.text or f.created_from is not None or f.created_to is not None
    return s.conn.custom_plans() if custom else nullcontext()
