"""Merging duplicates: one contact survives and absorbs the others, in one unit of work.

    survivor  gains the others' phones (new numbers, after its own), tags, field values, vendor
              ids (systems it has none in) and, for each empty column, the first non-empty value
              of the others (``prefer="absorbed"``: theirs win wherever they have one)
    absorbed  deleted; their ids, UUIDs and external codes become aliases of the survivor
              (contact_aliases), their other vendor ids too (vendor_id_aliases)
    event     one contact.merged: the survivor, the absorbed ids, the survivor's field changes

Stored references follow the survivor, after the absorbed rows are purged too, and along chains
(a survivor absorbed later: its aliases name the last survivor):

- an absorbed id or UUID (contact_aliases.alias_id, alias_uuid), in every dialect;
- an absorbed external code (contact_aliases.alias_code; reads.find_by_external_code);
- an absorbed vendor id: the survivor's own where it had none in that system, else an alias of
  it (core/vendor_ids.py: resolve reads an alias before it falls back to a hub id, so the id
  never reaches another record that has it as a hub id); answers carry the survivor's own id.

List memberships are by number: the absorbed numbers are the survivor's now, so its lists are.
``create_unless_duplicate`` is the native create's ``on_duplicate``: create, reject or merge;
``duplicates_of`` the merges a contact's page suggests (others holding one of its numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from msgspec import UnsetType

from contacthub.core import lookup, vendor_ids
from contacthub.core.contacts import events
from contacthub.core.contacts.model import (
    MAX_PHONES,
    REFERENCE_COLUMNS,
    TEXT_COLUMNS,
    Contact,
    ContactDraft,
    PhoneDraft,
)
from contacthub.core.contacts.reads import contact_id_of, get_contact
from contacthub.core.contacts.writes import create_contact, update_contact
from contacthub.core.phones import try_normalize_phone
from contacthub.core.scope import Scope
from contacthub.core.search_text import refresh
from contacthub.core.validation import Problems
from contacthub.db.database import expand_in
from contacthub.errors import Conflict, Invalid, NotFound

MERGED = "contact.merged"
MAX_ABSORBED = 50
MAX_SUGGESTED = 20
Prefer = Literal["survivor", "absorbed"]


async def merge_contacts(
    s: Scope, survivor_ref: int | str, absorbed_refs: Sequence[int | str], *, prefer: Prefer
) -> Contact:
    """Merge ``absorbed_refs`` into ``survivor_ref`` (see the module); answers the survivor."""
    if not absorbed_refs:
        raise Invalid.field("from", "name at least one contact to merge")
    if len(absorbed_refs) > MAX_ABSORBED:
        raise Invalid.field("from", f"at most {MAX_ABSORBED} contacts merge at once")
    survivor_id = await contact_id_of(s, survivor_ref)
    absorbed: list[int] = []
    problems = Problems()
    for i, ref in enumerate(absorbed_refs):
        with problems.checking(as_field=f"from[{i}]"):
            try:
                contact_id = await contact_id_of(s, ref)
            except NotFound as missing:  # a body's value, not the path's record: 422
                raise Invalid(missing.message) from None
            if contact_id == survivor_id or contact_id in absorbed:
                raise Invalid(f"contact {ref} is already in the merge", code="invalid")
            absorbed.append(contact_id)
    problems.check()
    before = await events.state_of(s, survivor_id, _ALL)
    others = await events.states_of(s, absorbed)
    ordered = [others[contact_id] for contact_id in absorbed]
    await _columns(s, survivor_id, before, ordered, prefer)
    await _phones(s, survivor_id, before, ordered)
    await _tags(s, survivor_id, absorbed)
    await _values(s, survivor_id, absorbed, prefer)
    await _vendor_ids(s, survivor_id, absorbed, before, ordered)
    await _absorb(s, survivor_id, absorbed)
    # Its name, phones and values may have changed: its search text is made again from them.
    await refresh(s, [survivor_id])
    after = await get_contact(s, survivor_id, with_tags=True, with_fields=True)
    changes = events.changes(before, events.state(after))
    s.emit(MERGED, survivor_id, {"survivor": survivor_id, "absorbed": absorbed, "changes": changes})
    return after


_COLUMNS = (*TEXT_COLUMNS, *REFERENCE_COLUMNS)
_ALL = {*_COLUMNS, "phones", "tags", "fields", "vendor_ids"}


async def _columns(
    s: Scope, survivor_id: int, mine: events.State, theirs: list[events.State], prefer: Prefer
) -> None:
    changes = {}
    for column in _COLUMNS:
        given = next((state[column] for state in theirs if state[column] not in (None, "")), None)
        if given is None:
            continue
        if prefer == "absorbed" or mine[column] in (None, ""):
            changes[column] = given
    if not changes:
        return
    assignments = ", ".join(f"{column} = :{column}" for column in changes)
    await s.execute(
        f"UPDATE contacts SET {assignments}, updated_at = :now WHERE org_id = :org AND id = :id",
        id=survivor_id,
        now=s.now(),
        **changes,
    )


async def _phones(
    s: Scope, survivor_id: int, mine: events.State, theirs: list[events.State]
) -> None:
    known = {phone["e164"] for phone in mine["phones"]}
    position = await s.fetch_value(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM contact_phones"
        " WHERE org_id = :org AND contact_id = :id",
        id=survivor_id,
    )
    rows: list[dict[str, object]] = []
    for state in theirs:
        for phone in state["phones"]:
            if phone["e164"] in known or int(position) + len(rows) >= MAX_PHONES:
                continue
            known.add(phone["e164"])
            rows.append({**phone, "position": int(position) + len(rows), "contact": survivor_id})
    await s.execute_many(
        "INSERT INTO contact_phones (org_id, contact_id, position, raw, remark, e164)"
        " VALUES (:org, :contact, :position, :number, :remark, :e164)",
        rows,
    )


async def _tags(s: Scope, survivor_id: int, absorbed: list[int]) -> None:
    for contact_id in absorbed:
        await s.execute(
            "INSERT INTO contact_tags (contact_id, tag_id, org_id, created_at)"
            " SELECT :survivor, tag_id, org_id, :now FROM contact_tags"
            " WHERE org_id = :org AND contact_id = :absorbed"
            " ON CONFLICT (contact_id, tag_id) DO NOTHING",
            survivor=survivor_id,
            absorbed=contact_id,
            now=s.now(),
        )


async def _values(s: Scope, survivor_id: int, absorbed: list[int], prefer: Prefer) -> None:
    # The first absorbed contact's value wins over the later ones: they go in reverse order,
    # each overwriting (prefer absorbed) or filling what is missing (prefer survivor).
    keep_mine = prefer == "survivor"
    for contact_id in reversed(absorbed) if not keep_mine else absorbed:
        await s.execute(
            "INSERT INTO field_values (contact_id, field_id, org_id, value, deletable, updated_at)"
            " SELECT :survivor, field_id, org_id, value, deletable, :now FROM field_values"
            " WHERE org_id = :org AND contact_id = :absorbed AND value <> ''"
            + (
                " ON CONFLICT (contact_id, field_id) DO NOTHING"
                if keep_mine
                else " ON CONFLICT (contact_id, field_id) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at"
            ),
            survivor=survivor_id,
            absorbed=contact_id,
            now=s.now(),
        )


async def _vendor_ids(
    s: Scope,
    survivor_id: int,
    absorbed: list[int],
    mine: events.State,
    theirs: list[events.State],
) -> None:
    given: dict[str, str] = {}
    for state in theirs:
        for system, vendor_id in state["vendor_ids"].items():
            if system not in mine["vendor_ids"]:
                given.setdefault(system, vendor_id)
    # The absorbed contacts' ids become aliases (a vendor id is one record's own at a time),
    # which name the survivor; it takes over those of the systems it had none in.
    await vendor_ids.forget(s, "contact", absorbed)
    await vendor_ids.follow(s, "contact", absorbed, survivor_id)
    if given:
        await vendor_ids.set_vendor_ids(s, "contact", survivor_id, given)


async def _absorb(s: Scope, survivor_id: int, absorbed: list[int]) -> None:
    now = s.now()
    for contact_id in absorbed:
        await s.execute(
            "UPDATE contacts SET deleted_at = :now, updated_at = :now"
            " WHERE org_id = :org AND id = :id",
            id=contact_id,
            now=now,
        )
        await s.execute(
            "INSERT INTO contact_aliases"
            " (alias_id, alias_uuid, alias_code, org_id, contact_id, created_at)"
            " SELECT id, uuid, NULLIF(external_code, ''), org_id, :survivor, :now FROM contacts"
            " WHERE org_id = :org AND id = :id",
            id=contact_id,
            survivor=survivor_id,
            now=now,
        )
        # Whatever was merged into the absorbed contact before answers the survivor now.
        await s.execute(
            "UPDATE contact_aliases SET contact_id = :survivor"
            " WHERE org_id = :org AND contact_id = :id",
            id=contact_id,
            survivor=survivor_id,
        )


OnDuplicate = Literal["create", "reject", "merge"]


async def find_duplicate(s: Scope, draft: ContactDraft) -> int | None:
    """The oldest live contact sharing a number or the external code of ``draft``."""
    numbers = set()
    for phone in [] if isinstance(draft.phones, UnsetType) else draft.phones:
        e164 = try_normalize_phone(phone.number, s.env.region)
        if e164 is not None:
            numbers.add(e164)
    found: list[int] = []
    if numbers:
        placeholders, params = expand_in("number", sorted(numbers))
        by_phone = await s.fetch_value(
            "SELECT MIN(c.id) FROM contact_phones p JOIN contacts c ON c.id = p.contact_id"
            f" WHERE p.org_id = :org AND p.e164 IN {placeholders} AND c.deleted_at IS NULL",
            **params,
        )
        if by_phone is not None:
            found.append(int(by_phone))
    code = draft.external_code
    if isinstance(code, str) and code.strip():
        by_code = await s.fetch_value(
            "SELECT MIN(id) FROM contacts WHERE org_id = :org AND external_code = :code"
            " AND deleted_at IS NULL",
            code=code.strip(),
        )
        if by_code is not None:
            found.append(int(by_code))
    return min(found) if found else None


async def create_unless_duplicate(
    s: Scope, draft: ContactDraft, on_duplicate: OnDuplicate
) -> tuple[Contact, bool]:
    """Create a contact, or (``reject``) refuse one whose number or external code a live
    contact has, or (``merge``) fold it into that contact: its own non-empty values win, it
    gains the new numbers, tags, field values and vendor ids. Answers (contact, created)."""
    existing = None if on_duplicate == "create" else await find_duplicate(s, draft)
    if existing is None:
        return await create_contact(s, draft), True
    if on_duplicate == "reject":
        raise Conflict(
            f"contact {existing} already has this phone number or external code",
            code="duplicate",
        )
    current = await get_contact(s, existing, with_tags=True, with_fields=True)
    await update_contact(s, existing, _filling(current, draft, s.env.region))
    return await get_contact(s, existing, with_tags=True, with_fields=True), False


def _filling(current: Contact, draft: ContactDraft, region: str) -> ContactDraft:
    """An update draft that adds ``draft`` to ``current`` without overwriting anything."""
    fill = ContactDraft()
    for column in _COLUMNS:
        value = getattr(draft, column)
        fills = getattr(current, column) in (None, "")
        if fills and not isinstance(value, UnsetType) and value not in (None, ""):
            setattr(fill, column, value)
    if not isinstance(draft.phones, UnsetType):
        known = {phone.e164 for phone in current.phones}
        fresh = [p for p in draft.phones if try_normalize_phone(p.number, region) not in known]
        if fresh:
            kept = [PhoneDraft(number=p.number, remark=p.remark) for p in current.phones]
            fill.phones = kept + fresh
    if not isinstance(draft.tags, UnsetType):
        fill.tags = sorted({*(current.tags or []), *draft.tags})
    if not isinstance(draft.fields, UnsetType):
        fill.fields = {**draft.fields, **(current.fields or {})}
    if not isinstance(draft.vendor_ids, UnsetType):
        mine = current.vendor_ids or {}
        fill.vendor_ids = {k: v for k, v in draft.vendor_ids.items() if k not in mine}
    return fill


async def duplicates_of(s: Scope, contact: Contact) -> list[Contact]:
    """Other live contacts that hold one of this contact's numbers, by id."""
    found: dict[int, Contact] = {}
    for e164 in dict.fromkeys(phone.e164 for phone in contact.phones):
        report = await lookup.lookup_phone(s, e164)
        for other in report.contacts:
            if other.id != contact.id:
                found.setdefault(other.id, other)
    return [found[key] for key in sorted(found)][:MAX_SUGGESTED]
