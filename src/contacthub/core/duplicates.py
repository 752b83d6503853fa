"""Groups of live contacts that look like one person: the same number (E.164), e-mail (case
folded) or external code. Keyset pages over (kind, value), kinds in this order:

    phone           contact_phones on (org_id, e164): walked in order, stops at the page's end
    email           contacts on (org_id, email_folded), live only: walked in order like phones
                    (the e-mail folded in Python, so Cyrillic folds too: search_text.fold)
    external_code   contacts on (org_id, external_code)

A cursor is the last group's (kind, value), opaque to clients (see ``encode_cursor``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from contacthub.core.scope import Scope
from contacthub.db.database import expand_in
from contacthub.errors import Invalid

KINDS = ("phone", "email", "external_code")
# Per kind: the grouped value's expression, its source, and the live-contact join.
_SOURCES = {
    "phone": (
        "p.e164",
        "contact_phones p JOIN contacts c ON c.id = p.contact_id",
        "p.org_id = :org AND c.deleted_at IS NULL",
        "p.contact_id",
    ),
    "email": ("c.email_folded", "contacts c", "c.org_id = :org AND c.deleted_at IS NULL", "c.id"),
    "external_code": (
        "c.external_code",
        "contacts c",
        "c.org_id = :org AND c.deleted_at IS NULL",
        "c.id",
    ),
}
MAX_GROUP = 100  # contact ids shown per group


class DuplicateGroup(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    value: str
    contact_ids: list[int]


# A cursor: the kind's letter, then the value's UTF-8 in hex. Every string of this pattern is
# taken (bytes that are not UTF-8 read as replacement characters, NULs dropped): the page after
# any such value is well defined, and the document's pattern is exactly what is accepted.
_LETTERS = {"phone": "p", "email": "e", "external_code": "c"}
_KIND_OF = {letter: kind for kind, letter in _LETTERS.items()}
MAX_CURSOR_BYTES = 600
CURSOR_PATTERN = f"^[pec](?:[0-9a-f]{{2}}){{0,{MAX_CURSOR_BYTES}}}$"
_CURSOR = re.compile(CURSOR_PATTERN)


def encode_cursor(kind: str, value: str) -> str:
    return _LETTERS[kind] + value.encode()[:MAX_CURSOR_BYTES].hex()


def decode_cursor(cursor: str | None) -> tuple[str, str] | None:
    if cursor is None:
        return None
    if not _CURSOR.match(cursor):
        raise Invalid.field("cursor", "the cursor is not one this server gave out")
    value = bytes.fromhex(cursor[1:]).decode(errors="replace").replace("\x00", "")
    return _KIND_OF[cursor[0]], value


async def _groups(s: Scope, kind: str, after: str | None, limit: int) -> list[tuple[str, str]]:
    value, source, live, contact = _SOURCES[kind]
    since = "" if after is None else f" AND {value} > :after"
    rows = await s.fetch_all(
        f"SELECT {value} AS value FROM {source} WHERE {live} AND {value} IS NOT NULL"
        f" AND {value} <> ''{since} GROUP BY {value} HAVING COUNT(DISTINCT {contact}) > 1"
        f" ORDER BY {value} LIMIT :limit",
        limit=limit,
        **({} if after is None else {"after": after}),
    )
    return [(kind, row["value"]) for row in rows]


async def _members(s: Scope, kind: str, values: Sequence[str]) -> dict[str, list[int]]:
    value, source, live, contact = _SOURCES[kind]
    placeholders, params = expand_in("value", values)
    rows = await s.fetch_all(
        f"SELECT DISTINCT {value} AS value, {contact} AS contact_id FROM {source}"
        f" WHERE {live} AND {value} IN {placeholders} ORDER BY 1, 2",
        **params,
    )
    found: dict[str, list[int]] = {}
    for row in rows:
        ids = found.setdefault(row["value"], [])
        if len(ids) < MAX_GROUP:
            ids.append(int(row["contact_id"]))
    return found


async def find_duplicates(
    s: Scope, *, after: tuple[str, str] | None, limit: int
) -> tuple[list[DuplicateGroup], str | None]:
    """One page of groups after the cursor; answers them and the next page's cursor."""
    start = 0 if after is None else KINDS.index(after[0])
    keys: list[tuple[str, str]] = []
    for kind in KINDS[start:]:
        since = after[1] if after is not None and kind == after[0] else None
        keys += await _groups(s, kind, since, limit + 1 - len(keys))
        if len(keys) > limit:
            break
    more = len(keys) > limit
    keys = keys[:limit]
    groups = []
    for kind in KINDS:
        values = [value for k, value in keys if k == kind]
        if values:
            members = await _members(s, kind, values)
            groups += [
                DuplicateGroup(kind=kind, value=value, contact_ids=members.get(value, []))
                for value in values
            ]
    return groups, (encode_cursor(*keys[-1]) if more and keys else None)
