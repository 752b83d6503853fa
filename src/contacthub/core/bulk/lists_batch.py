"""Writing one batch of prepared rows into a black or white list.

Each row becomes an entry (its name, else its first number) holding its numbers. With
``dedupe`` other than ``none``, numbers the list already holds (or an earlier row of the file
gave) are left out, and a row left with no number is skipped.
"""

from __future__ import annotations

from collections.abc import MutableSet
from dataclasses import dataclass

from contacthub.core import number_events
from contacthub.core.bulk import lookups
from contacthub.core.bulk.prepare import Prepared
from contacthub.core.lists import ListEntry, ListPhone, entry_events
from contacthub.core.scope import Scope

MAX_ENTRY_NAME = 500


@dataclass
class ListTarget:
    list_id: int
    kind: str  # "black" or "white", copied onto every number as the schema wants
    dedupe: bool
    # Dry runs write nothing, so later batches cannot find earlier ones in the store.
    seen: MutableSet[str] | None = None


async def write_entries(
    s: Scope, rows: list[Prepared], target: ListTarget, *, dry_run: bool
) -> tuple[int, int]:
    """Write a batch; answers (created entries, skipped rows)."""
    taken: set[str] = set()
    if target.dedupe:
        numbers = {e164 for row in rows for _, e164, _ in row.phones}
        taken = await lookups.list_numbers(s, target.list_id, numbers)
        if target.seen is not None:
            taken |= numbers & target.seen
    entries: list[tuple[str, list[tuple[str, str]]]] = []
    for row in rows:
        fresh = [(raw, e164) for raw, e164, _ in row.phones if e164 not in taken]
        if not fresh:
            continue
        if target.dedupe:
            taken.update(e164 for _, e164 in fresh)
        name = row.values.get("name") or fresh[0][0]
        entries.append((name[:MAX_ENTRY_NAME], fresh))
    if dry_run:
        if target.seen is not None:
            target.seen |= taken
        return len(entries), len(rows) - len(entries)
    if entries:
        numbers = {e164 for _, phones in entries for _, e164 in phones}
        # Numbers the list held before this batch block nothing new; with dedupe none of
        # these is held (``taken`` left them out), so the question is asked only without it.
        held = set()
        if target.kind == number_events.BLOCKING and not target.dedupe:
            held = await lookups.list_numbers(s, target.list_id, numbers)
        await _insert(s, target, entries)
        number_events.announce(
            s,
            target.list_id,
            target.kind,
            blocked=number_events.blocking(target.kind, numbers - held),
        )
    return len(entries), len(rows) - len(entries)


async def _insert(
    s: Scope, target: ListTarget, entries: list[tuple[str, list[tuple[str, str]]]]
) -> None:
    first = await s.fetch_value(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM contact_list_entries"
        " WHERE org_id = :org AND list_id = :list",
        list=target.list_id,
    )
    ids = await s.reserve_ids("contact_list_entries", len(entries))
    await s.insert_rows(
        "contact_list_entries",
        ("id", "list_id", "position", "name"),
        [
            (entry_id, target.list_id, int(first) + i, name)
            for i, (entry_id, (name, _)) in enumerate(zip(ids, entries, strict=True))
        ],
    )
    await s.insert_rows(
        "contact_list_phones",
        ("list_id", "entry_id", "position", "list_type", "raw", "e164"),
        [
            (target.list_id, entry_id, j, target.kind, raw, e164)
            for entry_id, (_, phones) in zip(ids, entries, strict=True)
            for j, (raw, e164) in enumerate(phones)
        ],
    )
    await s.execute(
        "UPDATE contact_lists SET updated_at = :now WHERE org_id = :org AND id = :id",
        id=target.list_id,
        now=s.now(),
    )
    entry_events(
        s,
        target.list_id,
        target.kind,
        [
            ListEntry(
                id=entry_id,
                name=name,
                phones=[ListPhone(number=raw, e164=e164) for raw, e164 in phones],
            )
            for entry_id, (name, phones) in zip(ids, entries, strict=True)
        ],
        added=True,
    )
