"""Entries of black and white lists: cleaning drafts, and writing them in bulk.

    EntryDraft[] --clean_entries (no database)--> CleanEntries --insert_entries--> rows

Cleaning (phone parsing above all) is the slow part of a large list, ~16 us a number; it needs
no database, so a caller can do it before opening the unit of work and hold the write lock only
for the statements. The statements are bulk ones: a 100,000-number list is written in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from contacthub.core.phones import normalize_phone
from contacthub.core.scope import Scope
from contacthub.core.validation import Problems, required_text
from contacthub.errors import Invalid

MAX_ENTRY_PHONES = 100
MAX_ENTRY_NAME_LENGTH = 500


class EntryDraft(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    phones: list[str]


class CleanEntry(msgspec.Struct, frozen=True):
    name: str
    # (as written, E.164) pairs.
    phones: list[tuple[str, str]]


class CleanEntries(msgspec.Struct, frozen=True):
    """Entries whose names and numbers passed the checks; only ``clean_entries`` makes them."""

    entries: list[CleanEntry]


def clean_entries(
    region: str, entries: Sequence[EntryDraft], *, strict: bool = True
) -> CleanEntries:
    """Check names and numbers; one ``Invalid`` names every wrong field (``contacts.3.phones.0``),
    the first hundred of them."""
    problems = Problems()
    cleaned = []
    for i, entry in enumerate(entries):
        name = ""
        with problems.checking():
            name = required_text(f"contacts.{i}.name", entry.name, max_length=MAX_ENTRY_NAME_LENGTH)
        if not entry.phones:
            problems.add(
                Invalid.field(f"contacts.{i}.phones", "an entry needs at least one phone number")
            )
        elif len(entry.phones) > MAX_ENTRY_PHONES:
            problems.add(
                Invalid.field(
                    f"contacts.{i}.phones",
                    f"an entry has at most {MAX_ENTRY_PHONES} phone numbers",
                )
            )
            continue
        phones = []
        for j, raw in enumerate(entry.phones):
            with problems.checking(as_field=f"contacts.{i}.phones.{j}"):
                phones.append((raw.strip(), normalize_phone(raw, region, strict=strict)))
        cleaned.append(CleanEntry(name, phones))
    problems.check()
    return CleanEntries(cleaned)


async def insert_entries(
    s: Scope, list_id: int, kind: str, entries: CleanEntries, *, first_position: int = 0
) -> None:
    """Append ``entries`` to a list at ``first_position`` onwards (inside the caller's unit of
    work; the list must exist)."""
    if not entries.entries:
        return
    positions = range(first_position, first_position + len(entries.entries))
    names = [entry.name for entry in entries.entries]
    if s.conn.dialect == "postgresql":
        entry_ids = await _insert_entry_rows_unnest(s, list_id, positions, names)
    else:
        entry_ids = await _insert_entry_rows_each(s, list_id, positions, names)
    rows = [
        (entry_ids[position], j, raw, e164)
        for position, entry in zip(positions, entries.entries, strict=True)
        for j, (raw, e164) in enumerate(entry.phones)
    ]
    if s.conn.dialect == "postgresql":
        await _insert_phone_rows_unnest(s, list_id, kind, rows)
    else:
        await s.execute_many(
            "INSERT INTO contact_list_phones"
            " (org_id, list_id, entry_id, position, list_type, raw, e164)"
            " VALUES (:org, :list, :entry, :position, :type, :raw, :e164)",
            [
                {
                    "list": list_id,
                    "entry": entry,
                    "position": j,
                    "type": kind,
                    "raw": raw,
                    "e164": e164,
                }
                for entry, j, raw, e164 in rows
            ],
        )


# PostgreSQL: one statement over arrays. asyncpg's executemany costs ~20 us a row, this ~10 us,
# most of it the foreign-key checks the database runs per row either way.


async def _insert_entry_rows_unnest(
    s: Scope, list_id: int, positions: range, names: list[str]
) -> dict[int, int]:
    rows = await s.fetch_all(
        "INSERT INTO contact_list_entries (org_id, list_id, position, name)"
        " SELECT CAST(:org AS bigint), CAST(:list AS bigint), u.position, u.name"
        " FROM unnest(CAST(:positions AS int[]), CAST(:names AS text[])) AS u(position, name)"
        " RETURNING id, position",
        list=list_id,
        positions=list(positions),
        names=names,
    )
    return {row["position"]: row["id"] for row in rows}


async def _insert_phone_rows_unnest(
    s: Scope, list_id: int, kind: str, rows: list[tuple[int, int, str, str]]
) -> None:
    entry_ids, positions, raws, e164s = (list(column) for column in zip(*rows, strict=True))
    await s.execute(
        "INSERT INTO contact_list_phones"
        " (org_id, list_id, entry_id, position, list_type, raw, e164)"
        " SELECT CAST(:org AS bigint), CAST(:list AS bigint), u.entry, u.position,"
        " CAST(:type AS text), u.raw, u.e164"
        " FROM unnest(CAST(:entries AS bigint[]), CAST(:positions AS int[]),"
        " CAST(:raws AS text[]), CAST(:e164s AS text[])) AS u(entry, position, raw, e164)",
        list=list_id,
        type=kind,
        entries=entry_ids,
        positions=positions,
        raws=raws,
        e164s=e164s,
    )


async def _insert_entry_rows_each(
    s: Scope, list_id: int, positions: range, names: list[str]
) -> dict[int, int]:
    """SQLite: executemany (~1 us a row there), then the new ids by position in one SELECT
    (SQLite has no RETURNING for executemany)."""
    await s.execute_many(
        "INSERT INTO contact_list_entries (org_id, list_id, position, name)"
        " VALUES (:org, :list, :position, :name)",
        [
            {"list": list_id, "position": position, "name": name}
            for position, name in zip(positions, names, strict=True)
        ],
    )
    rows = await s.fetch_all(
        "SELECT id, position FROM contact_list_entries"
        " WHERE org_id = :org AND list_id = :list AND position >= :first",
        list=list_id,
        first=positions.start,
    )
    return {row["position"]: row["id"] for row in rows}
