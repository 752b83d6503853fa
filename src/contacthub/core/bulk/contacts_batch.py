"""Writing one batch of prepared rows as contacts, inside the batch's unit of work.

    rows -> dedupe (one lookup for the batch) -> new contacts + changes to existing ones
         -> ids reserved, then many-row inserts (contacts, phones, tags, values) + updates
         -> an event per contact created or changed (core/contacts/events.py)

A row whose phone (or external code, per ``dedupe``) belongs to a live contact is merged into
it: its non-empty values overwrite, new phones are appended, tags and field values are added.
Rows of the same file merge the same way, so a file never makes twins of itself.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Literal

from contacthub.core import bases, fields, tags
from contacthub.core.bulk import lookups
from contacthub.core.bulk.prepare import Prepared
from contacthub.core.contacts import events as contact_events
from contacthub.core.contacts.model import TEXT_COLUMNS
from contacthub.core.scope import Scope
from contacthub.core.search_text import folded_email, refresh, search_text

Dedupe = Literal["phone", "external_code", "none"]
DEDUPE_CHOICES: tuple[Dedupe, ...] = ("phone", "external_code", "none")
_TAG_CHUNK = 1000


@dataclass
class ContactsTarget:
    """Where an import's contacts go, and what it remembers between batches."""

    dedupe: Dedupe
    base_id: int | None = None  # --base: every contact goes there
    base_ids: dict[str, int] = field(default_factory=dict)  # "base" column: name -> id
    # Dry runs write nothing, so later batches cannot find earlier ones in the store.
    seen: MutableMapping[str, int] | None = None


def _keys(row: Prepared, dedupe: Dedupe) -> list[str]:
    if dedupe == "phone":
        return [e164 for _, e164, _ in row.phones]
    if dedupe == "external_code":
        code = row.values.get("external_code")
        return [code] if code else []
    return []


async def _existing(s: Scope, rows: list[Prepared], target: ContactsTarget) -> dict[str, int]:
    keys = {key for row in rows for key in _keys(row, target.dedupe)}
    if target.dedupe == "phone":
        found = await lookups.contacts_by_phone(s, keys)
    elif target.dedupe == "external_code":
        found = await lookups.contacts_by_external_code(s, keys)
    else:
        return {}
    if target.seen is not None:
        found.update({key: target.seen[key] for key in keys if key in target.seen})
    return found


def plan(
    rows: list[Prepared], existing: dict[str, int], dedupe: Dedupe
) -> tuple[list[Prepared], dict[int, Prepared], int]:
    """The contacts to create (rows that match nothing, with later rows of the same contact
    merged into them), the changes to existing contacts by id, and how many rows merged."""
    created: list[Prepared] = []
    changed: dict[int, Prepared] = {}
    index: dict[str, Prepared] = {}
    merged = 0
    for row in rows:
        keys = _keys(row, dedupe)
        pending: Prepared | None = None
        for key in keys:
            pending = index.get(key)
            if pending is not None:
                break
            contact_id = existing.get(key)
            if contact_id is not None:
                pending = changed.get(contact_id)
                if pending is None:
                    pending = changed[contact_id] = Prepared(row.number, contact_id)
                break
        if pending is None:
            created.append(row)
            for key in keys:
                index.setdefault(key, row)
            continue
        merged += 1
        pending.merge(row)
        for key in (*keys, *_keys(pending, dedupe)):
            index.setdefault(key, pending)
    return created, changed, merged


async def write_contacts(
    s: Scope, rows: list[Prepared], target: ContactsTarget, *, dry_run: bool
) -> tuple[int, int]:
    """Write a batch; answers (created, updated) counted in rows."""
    created, changed, merged = plan(rows, await _existing(s, rows, target), target.dedupe)
    counts = (len(rows) - merged, merged)
    if dry_run:
        if target.seen is not None:
            for pending in created:
                for key in _keys(pending, target.dedupe):
                    target.seen.setdefault(key, 0)
        return counts
    everyone = [*created, *changed.values()]
    base_of = await _base_ids(s, everyone, target)
    tag_ids = await _tag_ids(s, (name for pending in everyone for name in pending.tags))
    field_ids = await _field_ids(s, {name for pending in everyone for name in pending.fields})
    now = s.now()
    if created:
        ids = await s.reserve_ids("contacts", len(created))
        for pending, contact_id in zip(created, ids, strict=True):
            pending.id = contact_id
        await _insert_contacts(s, created, base_of, now)
        await _insert_phones(
            s, [(contact_id, 0, p.phones) for p, contact_id in zip(created, ids, strict=True)]
        )
        await _insert_tags(s, created, tag_ids, now)
        await _insert_values(s, created, field_ids, now)
        _announce_created(s, created, base_of)
    if changed:
        before = await contact_events.states_of(s, list(changed))
        await _update_contacts(s, changed, base_of, tag_ids, field_ids, now)
        after = await contact_events.states_of(s, list(changed))
        for contact_id in changed:
            contact_events.updated(s, contact_id, before[contact_id], after[contact_id])
    return counts


def _announce_created(s: Scope, created: list[Prepared], base_of: dict[int, int]) -> None:
    """``contact.created`` for each new contact, as written (no read back)."""
    for p in created:
        assert p.id is not None
        shown: dict[str, Any] = {column: p.values.get(column) for column in TEXT_COLUMNS}
        shown["base_id"] = base_of.get(id(p))
        shown["bot_id"] = None
        shown["phones"] = [
            {"number": raw, "e164": e164, "remark": remark} for raw, e164, remark in p.phones
        ]
        shown["tags"] = sorted(set(p.tags))
        shown["fields"] = dict(sorted(p.fields.items()))
        shown["vendor_ids"] = {}
        s.emit(contact_events.CREATED, p.id, {"contact": {"id": p.id, **shown}})


async def _base_ids(s: Scope, everyone: list[Prepared], target: ContactsTarget) -> dict[int, int]:
    """Base id per contact (by ``id()`` of its row); missing bases are created by name."""
    if target.base_id is not None:
        return {id(p): target.base_id for p in everyone}
    names = sorted({p.base for p in everyone if p.base is not None} - target.base_ids.keys())
    if names:
        target.base_ids.update(await lookups.bases_by_name(s, names))
        for name in names:
            if name not in target.base_ids:
                made = await bases.create_base(s, bases.BaseDraft(name=name))
                target.base_ids[name] = made.id
    return {id(p): target.base_ids[p.base] for p in everyone if p.base is not None}


async def _tag_ids(s: Scope, names: Iterable[str]) -> dict[str, int]:
    unique = list(dict.fromkeys(names))
    found: dict[str, int] = {}
    for start in range(0, len(unique), _TAG_CHUNK):
        found.update(await tags.ensure_tags(s, unique[start : start + _TAG_CHUNK]))
    return found


async def _field_ids(s: Scope, names: set[str]) -> dict[str, int]:
    return {name: (await fields.ensure_field(s, name)).id for name in sorted(names)}


async def _insert_contacts(
    s: Scope, created: list[Prepared], base_of: dict[int, int], now: Any
) -> None:
    columns = sorted({column for p in created for column in p.values})
    uuids = iter(s.new_uuids(len(created)))
    rows = []
    for p in created:
        values = p.values
        get = values.get
        rows.append(
            (
                p.id,
                next(uuids),
                *[get(column) for column in columns],
                base_of.get(id(p)),
                search_text(
                    get("name"),
                    get("email"),
                    get("external_code"),
                    (e164 for _, e164, _ in p.phones),
                    p.fields.values(),
                ),
                folded_email(get("email")),
                now,
                now,
            )
        )
    await s.insert_rows(
        "contacts",
        (
            "id",
            "uuid",
            *columns,
            "base_id",
            "search_text",
            "email_folded",
            "created_at",
            "updated_at",
        ),
        rows,
    )


async def _insert_phones(
    s: Scope, owners: list[tuple[int, int, list[tuple[str, str, str | None]]]]
) -> None:
    rows = [
        (contact_id, first + i, raw, e164, remark)
        for contact_id, first, phones in owners
        for i, (raw, e164, remark) in enumerate(phones)
    ]
    # Sorted by number: the (org_id, e164) index takes them in order, page by page.
    rows.sort(key=lambda row: row[3])
    await s.insert_rows("contact_phones", ("contact_id", "position", "raw", "e164", "remark"), rows)


async def _insert_tags(
    s: Scope, created: list[Prepared], tag_ids: dict[str, int], now: Any
) -> None:
    rows = [(p.id, tag_ids[name], now) for p in created for name in p.tags]
    await s.insert_rows("contact_tags", ("contact_id", "tag_id", "created_at"), rows)


async def _insert_values(
    s: Scope, created: list[Prepared], field_ids: dict[str, int], now: Any
) -> None:
    rows = [
        (p.id, field_ids[name], value, False, now)
        for p in created
        for name, value in p.fields.items()
    ]
    await s.insert_rows(
        "field_values", ("contact_id", "field_id", "value", "deletable", "updated_at"), rows
    )


async def _update_contacts(
    s: Scope,
    changed: dict[int, Prepared],
    base_of: dict[int, int],
    tag_ids: dict[str, int],
    field_ids: dict[str, int],
    now: Any,
) -> None:
    ids = list(changed)
    columns = sorted({column for p in changed.values() for column in p.values})
    assignments = "".join(f"{column} = COALESCE(:{column}, {column}), " for column in columns)
    updates = [
        {
            "id": contact_id,
            **{column: p.values.get(column) for column in columns},
            "base": base_of.get(id(p)),
            "now": now,
        }
        for contact_id, p in changed.items()
    ]
    await s.execute_many(
        f"UPDATE contacts SET {assignments}base_id = COALESCE(:base, base_id),"
        " updated_at = :now WHERE org_id = :org AND id = :id",
        updates,
    )
    phones = await lookups.phones_of_contacts(s, ids)
    owners = []
    for contact_id, p in changed.items():
        first, numbers = phones.get(contact_id, (0, set()))
        fresh = [phone for phone in p.phones if phone[1] not in numbers]
        if fresh:
            owners.append((contact_id, first, fresh))
    await _insert_phones(s, owners)
    await s.execute_many(
        "INSERT INTO contact_tags (contact_id, tag_id, org_id, created_at)"
        " VALUES (:contact, :tag, :org, :now) ON CONFLICT (contact_id, tag_id) DO NOTHING",
        [
            {"contact": contact_id, "tag": tag_ids[name], "now": now}
            for contact_id, p in changed.items()
            for name in p.tags
        ],
    )
    await s.execute_many(
        "INSERT INTO field_values (contact_id, field_id, org_id, value, deletable, updated_at)"
        " VALUES (:contact, :field, :org, :value, :deletable, :now)"
        " ON CONFLICT (contact_id, field_id) DO UPDATE SET value = :value, updated_at = :now",
        [
            {
                "contact": contact_id,
                "field": field_ids[name],
                "value": value,
                "deletable": False,
                "now": now,
            }
            for contact_id, p in changed.items()
            for name, value in p.fields.items()
        ],
    )
    # Their name, phones or values changed: the search text is made again from what is stored.
    await refresh(s, ids)
