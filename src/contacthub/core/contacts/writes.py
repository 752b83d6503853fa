"""Changing contacts: create, update only what a draft names, soft delete. Each runs inside the
caller's unit of work, so a contact and its phones, tags and values change together or not at all.
Every field of a draft is checked before anything is written, and one ``Invalid`` names every
wrong one.
"""

from __future__ import annotations

from typing import Any

from msgspec import UnsetType

from contacthub.core import fields, tags, vendor_ids
from contacthub.core.contacts.model import (
    MAX_PHONE_REMARK,
    MAX_PHONES,
    REFERENCE_COLUMNS,
    TEXT_COLUMNS,
    Contact,
    ContactDraft,
    Phone,
    PhoneDraft,
)
from contacthub.core.contacts.reads import (
    RETURNED_COLUMNS,
    contact_from_row,
    contact_id_of,
    get_contact,
)
from contacthub.core.ids import storable
from contacthub.core.phones import normalize_phone
from contacthub.core.records import exists
from contacthub.core.scope import Scope
from contacthub.core.validation import Problems, optional_email, optional_text
from contacthub.errors import Invalid, NotFound

_SEARCHED = ("name", "email", "external_code")
_REFERENCED_TABLES = {"base_id": ("contact_bases", "contact base"), "bot_id": ("bots", "bot")}


def search_text(name: str | None, email: str | None, external_code: str | None) -> str:
    """What text search looks in: case-folded, so one LIKE serves Cyrillic and Latin alike."""
    return "\n".join(part.casefold() for part in (name, email, external_code) if part)


def _scalar_changes(draft: ContactDraft, problems: Problems) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for column, limit in TEXT_COLUMNS.items():
        value = getattr(draft, column)
        if isinstance(value, UnsetType):
            continue
        with problems.checking():
            if column == "email":
                changes[column] = optional_email(column, value)
            else:
                changes[column] = optional_text(column, value, max_length=limit)
    for column in REFERENCE_COLUMNS:
        value = getattr(draft, column)
        if not isinstance(value, UnsetType):
            changes[column] = value
    return changes


async def _check_references(s: Scope, changes: dict[str, Any], problems: Problems) -> None:
    for column, (table, what) in _REFERENCED_TABLES.items():
        value = changes.get(column)
        # An id past 64 bits names no row (and the driver could not even bind it).
        if value is not None and not (storable(value) and await exists(s, table, value)):
            problems.add(Invalid.field(column, f"{what} {value} does not exist"))


def _check_collections(draft: ContactDraft, problems: Problems) -> None:
    """Tag names and field values, checked before anything is written (the writes check them
    again, named by the tag or field alone)."""
    if not isinstance(draft.tags, UnsetType):
        for i, name in enumerate(draft.tags):
            with problems.checking(as_field=f"tags[{i}]"):
                tags.clean_tag_name(name)
    if not isinstance(draft.fields, UnsetType):
        for name, value in draft.fields.items():
            with problems.checking(as_field=f"fields.{name}"):
                fields.clean_field_name(name)
                fields.clean_value(value)


def _clean_phone(s: Scope, position: int, phone: PhoneDraft, *, strict: bool) -> dict[str, Any]:
    try:
        e164 = normalize_phone(phone.number, s.env.region, strict=strict)
    except Invalid as error:
        raise Invalid(
            error.message, fields={f"phones[{position}]": [error.message]}, code=error.code
        ) from None
    return {
        "position": position,
        "raw": phone.number.strip(),
        "remark": optional_text(
            f"phones[{position}].remark", phone.remark, max_length=MAX_PHONE_REMARK
        ),
        "e164": e164,
    }


async def _insert_phones(s: Scope, contact_id: int, rows: list[dict[str, Any]]) -> None:
    await s.execute_many(
        "INSERT INTO contact_phones (org_id, contact_id, position, raw, remark, e164)"
        " VALUES (:org, :contact, :position, :raw, :remark, :e164)",
        [{**row, "contact": contact_id} for row in rows],
    )


def _phone_rows(
    s: Scope, draft: ContactDraft, problems: Problems, *, strict: bool
) -> list[dict[str, Any]] | None:
    """The phone rows a draft replaces the list with, or None when it names no full list."""
    if isinstance(draft.phones, UnsetType):
        return None
    if len(draft.phones) > MAX_PHONES:
        problems.add(Invalid.field("phones", f"a contact has at most {MAX_PHONES} phones"))
        return []
    rows = []
    for i, phone in enumerate(draft.phones):
        with problems.checking():
            rows.append(_clean_phone(s, i, phone, strict=strict))
    return rows


def _slot_rows(
    s: Scope, draft: ContactDraft, problems: Problems, *, strict: bool
) -> dict[int, dict[str, Any] | None] | None:
    if isinstance(draft.phone_slots, UnsetType):
        return None
    slots: dict[int, dict[str, Any] | None] = {}
    for position, phone in draft.phone_slots.items():
        if not 0 <= position < MAX_PHONES:
            problems.add(
                Invalid.field("phones", f"a phone position must be between 0 and {MAX_PHONES - 1}")
            )
            continue
        if phone is None or not phone.number.strip():
            slots[position] = None
            continue
        with problems.checking():
            slots[position] = _clean_phone(s, position, phone, strict=strict)
    return slots


async def create_contact(s: Scope, draft: ContactDraft, *, strict_phones: bool = True) -> Contact:
    """Create a contact with its phones, tags and field values; answers it with all of them."""
    problems = Problems()
    values = dict.fromkeys((*TEXT_COLUMNS, *REFERENCE_COLUMNS))
    values.update(_scalar_changes(draft, problems))
    await _check_references(s, values, problems)
    phone_rows = _phone_rows(s, draft, problems, strict=strict_phones) or []
    slots = _slot_rows(s, draft, problems, strict=strict_phones) or {}
    _check_collections(draft, problems)
    problems.check()
    phone_rows += [row for row in slots.values() if row is not None]
    now = s.now()
    columns = ", ".join(values)
    placeholders = ", ".join(f":{column}" for column in values)
    row = await s.fetch_one(
        f"INSERT INTO contacts (uuid, org_id, {columns}, search_text, created_at, updated_at)"
        f" VALUES (:uuid, :org, {placeholders}, :search, :now, :now) RETURNING {RETURNED_COLUMNS}",
        uuid=s.env.new_uuid(),
        search=search_text(values["name"], values["email"], values["external_code"]),
        now=now,
        **values,
    )
    assert row is not None
    contact_id = row["id"]
    await _insert_phones(s, contact_id, phone_rows)
    if not isinstance(draft.tags, UnsetType):
        await tags.replace_contact_tags(s, contact_id, draft.tags)
    if not isinstance(draft.fields, UnsetType):
        await fields.set_values_by_name(s, contact_id, draft.fields)
    if not isinstance(draft.vendor_ids, UnsetType):
        await vendor_ids.set_vendor_ids(s, "contact", contact_id, draft.vendor_ids)
    if not all(isinstance(v, UnsetType) for v in (draft.tags, draft.fields, draft.vendor_ids)):
        return await get_contact(s, contact_id, with_tags=True, with_fields=True)
    # Nothing else of it is stored: the row as INSERT gives it back, and the phones as written
    # (the two statements of a read after the write were ~13% of an Obzvonilka POST).
    phones = [
        Phone(number=p["raw"], e164=p["e164"], remark=p["remark"], position=p["position"])
        for p in sorted(phone_rows, key=lambda p: int(p["position"]))
    ]
    return contact_from_row(row, phones, tags=[], fields={}, vendor_ids={})


async def update_contact(
    s: Scope, ref: int | str, draft: ContactDraft, *, strict_phones: bool = True
) -> Contact:
    """Change what the draft names and nothing else; answers the contact as it now is."""
    contact_id = await contact_id_of(s, ref)
    problems = Problems()
    changes = _scalar_changes(draft, problems)
    await _check_references(s, changes, problems)
    phone_rows = _phone_rows(s, draft, problems, strict=strict_phones)
    slots = _slot_rows(s, draft, problems, strict=strict_phones)
    _check_collections(draft, problems)
    problems.check()
    if any(column in changes for column in _SEARCHED):
        current = await s.fetch_one(
            "SELECT name, email, external_code FROM contacts WHERE org_id = :org AND id = :id",
            id=contact_id,
        )
        assert current is not None
        searched = {column: changes.get(column, current[column]) for column in _SEARCHED}
        changes["search_text"] = search_text(**searched)
    changes["updated_at"] = s.now()
    assignments = ", ".join(f"{column} = :{column}" for column in changes)
    await s.execute(
        f"UPDATE contacts SET {assignments} WHERE org_id = :org AND id = :id",
        id=contact_id,
        **changes,
    )
    if phone_rows is not None:
        await s.execute(
            "DELETE FROM contact_phones WHERE org_id = :org AND contact_id = :contact",
            contact=contact_id,
        )
        await _insert_phones(s, contact_id, phone_rows)
    if slots:
        for position in slots:
            await s.execute(
                "DELETE FROM contact_phones"
                " WHERE org_id = :org AND contact_id = :contact AND position = :position",
                contact=contact_id,
                position=position,
            )
        await _insert_phones(s, contact_id, [row for row in slots.values() if row is not None])
    if not isinstance(draft.tags, UnsetType):
        await tags.replace_contact_tags(s, contact_id, draft.tags)
    if not isinstance(draft.fields, UnsetType):
        await fields.replace_values(s, contact_id, draft.fields)
    if not isinstance(draft.vendor_ids, UnsetType):
        await vendor_ids.set_vendor_ids(s, "contact", contact_id, draft.vendor_ids)
    return await get_contact(s, contact_id, with_tags=True, with_fields=True)


async def delete_contact(s: Scope, ref: int | str) -> None:
    """Soft delete: the contact vanishes from every read, its rows stay for audit."""
    contact_id = await contact_id_of(s, ref)
    now = s.now()
    await s.execute(
        "UPDATE contacts SET deleted_at = :now, updated_at = :now WHERE org_id = :org AND id = :id",
        id=contact_id,
        now=now,
    )
    # The vendor's ids go with it: another contact may be given them (a re-import).
    await vendor_ids.forget(s, "contact", [contact_id])


async def restore_contact(s: Scope, contact_id: int) -> Contact:
    """Undo a delete: the contact is back in every read (its vendor ids are not: another
    contact may have been given them since). ``NotFound`` unless it is a deleted contact of
    this organization."""
    restored = await s.execute(
        "UPDATE contacts SET deleted_at = NULL, updated_at = :now"
        " WHERE org_id = :org AND id = :id AND deleted_at IS NOT NULL",
        id=contact_id,
        now=s.now(),
    )
    if not restored:
        raise NotFound(f"no deleted contact {contact_id}")
    return await get_contact(s, contact_id, with_tags=True, with_fields=True)
