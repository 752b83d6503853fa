"""A contact's events: what it holds as the feed shows it, and what a change changed.

    create  -> contact.created  {"contact": {every field}}
    change  -> contact.updated  {"changes": {field: {"before": ..., "after": ...}}} (only what
                                 differs; nothing differs, no event)
    delete  -> contact.deleted  {}     restore -> contact.restored {}

The fields are the contact's columns, its phones (as given and in E.164, with remarks), tags
(sorted), field values and vendor ids: the same fields before and after, so a diff is a plain
comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from contacthub.core import vendor_ids
from contacthub.core.contacts.model import REFERENCE_COLUMNS, TEXT_COLUMNS, Contact
from contacthub.core.contacts.reads import COLUMNS, contact_from_row, phones_of
from contacthub.core.fields import values_of_contacts
from contacthub.core.scope import Scope
from contacthub.core.tags import tag_names_of_contacts
from contacthub.db.database import expand_in

CREATED = "contact.created"
UPDATED = "contact.updated"
DELETED = "contact.deleted"
RESTORED = "contact.restored"

State = dict[str, Any]


def state(contact: Contact) -> State:
    """The contact as an event shows it (a JSON object)."""
    shown: State = {
        column: getattr(contact, column) for column in (*TEXT_COLUMNS, *REFERENCE_COLUMNS)
    }
    shown["phones"] = [
        {"number": p.number, "e164": p.e164, "remark": p.remark}
        for p in sorted(contact.phones, key=lambda p: p.position)
    ]
    shown["tags"] = sorted(contact.tags or ())
    shown["fields"] = dict(sorted((contact.fields or {}).items()))
    shown["vendor_ids"] = dict(sorted((contact.vendor_ids or {}).items()))
    return shown


_COLLECTIONS = ("phones", "tags", "fields", "vendor_ids")


async def state_of(s: Scope, contact_id: int, names: set[str]) -> State:
    """Only the named fields of a contact's state: what a change is about to touch, read with
    as few statements as it needs (an update of a description: one; the whole state was ~half
    an update's cost, bench/outbox.py)."""
    shown: State = {}
    columns = sorted(names - set(_COLLECTIONS))
    if columns:
        row = await s.fetch_one(
            f"SELECT {', '.join(columns)} FROM contacts WHERE org_id = :org AND id = :id",
            id=contact_id,
        )
        assert row is not None
        shown.update({column: row[column] for column in columns})
    if "phones" in names:
        phones = (await phones_of(s, [contact_id]))[contact_id]
        shown["phones"] = [
            {"number": p.number, "e164": p.e164, "remark": p.remark}
            for p in sorted(phones, key=lambda p: p.position)
        ]
    if "tags" in names:
        shown["tags"] = sorted((await tag_names_of_contacts(s, [contact_id])).get(contact_id, []))
    if "fields" in names:
        values = (await values_of_contacts(s, [contact_id])).get(contact_id, {})
        shown["fields"] = dict(sorted(values.items()))
    if "vendor_ids" in names:
        kept = (await vendor_ids.of_records(s, "contact", [contact_id])).get(contact_id, {})
        shown["vendor_ids"] = dict(sorted(kept.items()))
    return shown


# Contacts read at once by ``states_of`` (an import's batch of updates), under both databases'
# limits of bound parameters.
_CHUNK = 1000


async def states_of(s: Scope, contact_ids: Sequence[int]) -> dict[int, State]:
    """Several contacts' states, a chunk of them per statement (an import's updated rows)."""
    found: dict[int, State] = {}
    for start in range(0, len(contact_ids), _CHUNK):
        ids = list(contact_ids[start : start + _CHUNK])
        placeholders, params = expand_in("contact", ids)
        rows = await s.fetch_all(
            f"SELECT {COLUMNS} FROM contacts c WHERE c.org_id = :org AND c.id IN {placeholders}",
            **params,
        )
        phones = await phones_of(s, ids)
        tags = await tag_names_of_contacts(s, ids)
        values = await values_of_contacts(s, ids)
        vendor = await vendor_ids.of_records(s, "contact", ids)
        for row in rows:
            contact_id = int(row["id"])
            contact = contact_from_row(
                row,
                phones.get(contact_id, []),
                tags=tags.get(contact_id, []),
                fields=values.get(contact_id, {}),
                vendor_ids=vendor.get(contact_id, {}),
            )
            found[contact_id] = state(contact)
    return found


def changes(before: State, after: State) -> dict[str, dict[str, Any]]:
    """Each field whose value differs, with both values."""
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def created(s: Scope, contact: Contact) -> None:
    s.emit(
        CREATED, contact.id, {"contact": {"id": contact.id, "uuid": contact.uuid, **state(contact)}}
    )


def updated(s: Scope, contact_id: int, before: State, after: State) -> None:
    """A ``contact.updated`` event when something changed (a write of the same values is none)."""
    changed = changes(before, after)
    if changed:
        s.emit(UPDATED, contact_id, {"changes": changed})
