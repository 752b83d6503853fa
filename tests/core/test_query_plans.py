"""Every list, filter and page statement is planned on an index, on both databases.

SQLite keeps no statistics here and PostgreSQL's change with the data, so a new filter or a
planner's whim could make a page linear in the organization again (issue 25: the phones of a
page walked every phone of the organization, 0.35 s at 1M contacts). Each case runs the core
call on a small store, captures the statements it sends, and explains each one:

    SQLite      EXPLAIN QUERY PLAN: no step scans a table ("SCAN x" without an index)
    PostgreSQL  EXPLAIN with sequential scans priced out: no "Seq Scan", i.e. an index fits

A step may walk the organization's index in id order only where the case allows it
(``WALKS_ALLOWED``). Text search drives its page from the trigram index (FTS5 on SQLite:
"SCAN contacts_fts VIRTUAL TABLE INDEX 0:G..." is the index, not a scan).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from contacthub.core import contacts, lookup, tags
from contacthub.core.bulk.exports import ExportFilter, export_pages
from contacthub.core.contacts import ContactFilter
from contacthub.core.pagination import encode_ranked_cursor
from contacthub.core.scope import Hub, Scope
from tests.factories import Org, make_base, make_bot, make_contact, make_list

Statement = tuple[str, dict[str, Any]]


@dataclass
class World:
    base_id: int
    bot_id: int
    list_id: int


@pytest.fixture
async def world(org: Org) -> World:
    base = await make_base(org)
    bot = await make_bot(org)
    for n in range(30):
        await make_contact(
            org,
            f"Контакт {n}",
            [f"+7999{n:07d}"],
            tags=["VIP"] if n % 2 else [],
            fields={"Город": "Москва"},
            base_id=base.id,
            bot_id=bot.id,
            external_code=f"E{n}",
        )
    made = await make_list(org, entries={"Стоп": ["+79990000001"]})
    return World(base.id, bot.id, made.id)


def _reading(org: Org, call: Callable[[Scope], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
    async def run() -> Any:
        async with org.hub.reading(org.id) as s:
            return await call(s)

    return run


def _page(**where: Any) -> Callable[[Scope], Awaitable[Any]]:
    return lambda s: contacts.list_contacts(
        s, ContactFilter(**where), limit=50, with_tags=True, with_fields=True
    )


def cases(org: Org, world: World) -> dict[str, Callable[[], Awaitable[Any]]]:
    since = datetime(2020, 1, 1, tzinfo=UTC)
    found: dict[str, Callable[[], Awaitable[Any]]] = {
        "first page": _reading(org, _page()),
        "deep keyset page": _reading(
            org, lambda s: contacts.list_contacts(s, ContactFilter(), limit=5, cursor="aWQ6MjA")
        ),
        "by base": _reading(org, _page(base_id=world.base_id)),
        "by bot": _reading(org, _page(bot_id=world.bot_id)),
        "by tag": _reading(org, _page(tag="VIP")),
        "by phone": _reading(org, _page(phone="+79990000007")),
        "by list": _reading(org, _page(list_id=world.list_id)),
        "by external code": _reading(org, _page(external_code="E7")),
        "by telegram id": _reading(org, _page(telegram_id="42")),
        "created since": _reading(org, _page(created_from=since)),
        "text": _reading(org, _page(text="нтакт 1")),
        "one letter": _reading(org, _page(text="к")),
        "text inside words": _reading(
            org,
            lambda s: contacts.list_contacts(
                s, ContactFilter(text="нтакт"), limit=5, cursor=encode_ranked_cursor(1, 0)
            ),
        ),
        "count": _reading(org, lambda s: contacts.count_contacts(s, ContactFilter())),
        "count by bot": _reading(
            org, lambda s: contacts.count_contacts(s, ContactFilter(bot_id=world.bot_id))
        ),
        "count by base": _reading(
            org, lambda s: contacts.count_contacts(s, ContactFilter(base_id=world.base_id))
        ),
        "numbered page": _reading(
            org,
            lambda s: contacts.list_contacts_numbered(
                s, ContactFilter(bot_id=world.bot_id), page=3, per_page=5, with_tags=True
            ),
        ),
        "numbered page from its range": _reading(
            org,
            lambda s: contacts.list_contacts_numbered(
                s, ContactFilter(bot_id=world.bot_id), page=1_000, per_page=5, total=5_000
            ),
        ),
        "numbered page from the end": _reading(
            org,
            lambda s: contacts.list_contacts_numbered(
                s, ContactFilter(bot_id=world.bot_id), page=3, per_page=5, total=12
            ),
        ),
        "tags": _reading(org, lambda s: tags.list_tags(s)),
        "blocked": _reading(org, _page(blocked=True)),
        "not blocked": _reading(org, _page(blocked=False)),
        "blocked of a page": _reading(
            org, lambda s: lookup.blocked_contacts(s, list(range(1, 51)))
        ),
    }

    async def export_listing() -> None:
        listing = ContactFilter(text="нтакт 1", blocked=False)
        async for _ in export_pages(org.hub, org.id, ExportFilter(listing=listing)):
            pass

    found["export of a listing"] = export_listing

    async def export() -> None:
        async for _ in export_pages(org.hub, org.id, ExportFilter(base_id=world.base_id)):
            pass

    found["export pages"] = export
    return found


# Cases whose statements may walk the organization's rows in id order: a page that stops at its
# LIMIT, the tags (few). ("created since" walks only the ids of the contacts created since, when
# they are fewer than core/contacts/filters.CREATED_SPAN, and in id order past that.)
# "blocked" walks the organization's black-listed numbers (all of them, to order their contacts
# by id: 0.12 s at 1M contacts with a 100,000-number black list, bench/ui_pages.py); "not
# blocked" is the first page's walk, each contact's numbers probed by its id.
WALKS_ALLOWED = {
    "first page", "deep keyset page", "export pages", "tags", "blocked", "not blocked",
}  # fmt: skip
_SQLITE_TABLE_SCAN = re.compile(r"^SCAN \w++(?! USING| VIRTUAL TABLE INDEX \d+:G)")
_SQLITE_ORG_WALK = re.compile(
    r"^SEARCH (?!contact_counts )\w+ USING (?:COVERING )?INDEX \w+ \(org_id=\?(?: AND id>\?)?\)$"
)  # contact_counts: an organization's bots times 16 slots times its ranges of 4,096 ids


async def _capture(
    monkeypatch: pytest.MonkeyPatch, run: Callable[[], Awaitable[Any]]
) -> list[Statement]:
    seen: list[Statement] = []
    for name in ("fetch_all", "fetch_one", "fetch_value"):
        original = getattr(Scope, name)

        def spy(self: Scope, sql: str, _original: Any = original, **params: Any) -> Any:
            seen.append((sql, {**params, "org": self.org_id}))
            return _original(self, sql, **params)

        monkeypatch.setattr(Scope, name, spy)
    await run()
    monkeypatch.undo()
    return seen


async def _plan(hub: Hub, sql: str, params: dict[str, Any]) -> list[str]:
    if hub.db.dialect == "sqlite":
        async with hub.db.read() as conn:
            rows = await conn.fetch_all("EXPLAIN QUERY PLAN " + sql, params)
        return [str(row[3]) for row in rows]
    async with hub.db.write() as conn:
        await conn.execute("SET LOCAL enable_seqscan = off")
        value = await conn.fetch_value("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = json.loads(value) if isinstance(value, str) else value
    steps: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        steps.append(f"{node['Node Type']} {node.get('Relation Name', '')}".strip())
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return steps


def _linear(dialect: str, case: str, steps: list[str]) -> list[str]:
    if dialect == "sqlite":
        walks = case not in WALKS_ALLOWED
        # "SCAN x" of a subquery's rows ("CO-ROUTINE x" above it) reads what its own steps found.
        subqueries = {f"SCAN {step.split()[1]}" for step in steps if step.startswith("CO-ROUTINE ")}
        return [
            step
            for step in steps
            if (_SQLITE_TABLE_SCAN.match(step) and step not in subqueries)
            or (walks and _SQLITE_ORG_WALK.search(step))
        ]
    return [step for step in steps if step.startswith("Seq Scan")]


CASE_NAMES = [
    "first page", "deep keyset page", "by base", "by bot", "by tag", "by phone", "by list",
    "by external code", "by telegram id", "created since", "text", "one letter",
    "text inside words", "count",
    "count by bot", "count by base", "numbered page", "numbered page from its range",
    "numbered page from the end", "tags",
    "export pages", "blocked", "not blocked", "blocked of a page", "export of a listing",
]  # fmt: skip


@pytest.mark.parametrize("case", CASE_NAMES)
async def test_every_statement_of_a_list_is_planned_on_an_index(
    hub: Hub, org: Org, world: World, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    statements = await _capture(monkeypatch, cases(org, world)[case])
    assert statements, "the case sent no statement"
    problems = {}
    for sql, params in statements:
        steps = await _plan(hub, sql, params)
        if _linear(hub.db.dialect, case, steps):
            problems[sql] = steps
    assert problems == {}


def test_the_cases_are_all_named() -> None:
    assert len(CASE_NAMES) == len(set(CASE_NAMES))
