"""Duplicates: the live contacts that share a phone number with a contact, and merging one into
another.

    duplicates_of(contact)      other live contacts holding one of its numbers (E.164)
    merge_contacts(keep, other) keep gets what it lacks of other; other is deleted (restorable)

What the merge takes from ``other``: a text column or a base/bot that ``keep`` has empty, the
phones whose E.164 ``keep`` has not (after its own, remarks kept), every tag, a field value
``keep`` has not, and the ids of systems that gave ``keep`` none. ``keep``'s own values win.
Everything happens in the caller's unit of work, so a merge is one transaction.
"""

from __future__ import annotations

from typing import Any

from contacthub.core import lookup
from contacthub.core.contacts.model import (
    REFERENCE_COLUMNS,
    TEXT_COLUMNS,
    Contact,
    ContactDraft,
    PhoneDraft,
)
from contacthub.core.contacts.reads import get_contact
from contacthub.core.contacts.writes import delete_contact, update_contact
from contacthub.core.scope import Scope
from contacthub.errors import Invalid

MAX_SUGGESTED = 20


async def duplicates_of(s: Scope, contact: Contact) -> list[Contact]:
    """Other live contacts that hold one of this contact's numbers, by id."""
    found: dict[int, Contact] = {}
    for e164 in dict.fromkeys(phone.e164 for phone in contact.phones):
        report = await lookup.lookup_phone(s, e164)
        for other in report.contacts:
            if other.id != contact.id:
                found.setdefault(other.id, other)
    return [found[key] for key in sorted(found)][:MAX_SUGGESTED]


def _merged(keep: Contact, other: Contact) -> ContactDraft:
    changes: dict[str, Any] = {}
    for column in (*TEXT_COLUMNS, *REFERENCE_COLUMNS):
        if getattr(keep, column) in (None, "") and getattr(other, column) not in (None, ""):
            changes[column] = getattr(other, column)
    held = {phone.e164 for phone in keep.phones}
    added = [phone for phone in other.phones if phone.e164 not in held]
    if added:
        changes["phones"] = [
            PhoneDraft(number=phone.number, remark=phone.remark) for phone in (*keep.phones, *added)
        ]
    tags = list(dict.fromkeys([*(keep.tags or []), *(other.tags or [])]))
    if tags != (keep.tags or []):
        changes["tags"] = tags
    fields = {**(other.fields or {}), **(keep.fields or {})}
    if fields != (keep.fields or {}):
        changes["fields"] = fields
    ids = {k: v for k, v in (other.vendor_ids or {}).items() if k not in (keep.vendor_ids or {})}
    if ids:
        changes["vendor_ids"] = ids
    return ContactDraft(**changes)


async def merge_contacts(s: Scope, keep_ref: int | str, other_ref: int | str) -> Contact:
    """Merge ``other`` into ``keep`` (see the module's rule); answers ``keep`` as it now is."""
    keep = await get_contact(s, keep_ref, with_tags=True, with_fields=True)
    other = await get_contact(s, other_ref, with_tags=True, with_fields=True)
    if keep.id == other.id:
        raise Invalid.field("other", "a contact cannot be merged with itself")
    draft = _merged(keep, other)
    # Deleted first: its vendor ids are released (delete_contact) before keep takes them.
    await delete_contact(s, other.id)
    return await update_contact(s, keep.id, draft, strict_phones=False)
