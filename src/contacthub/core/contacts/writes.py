"""Changing contacts: create, update only what a draft names, soft delete. Each runs inside the
caller's unit of work, so a contact and its phones, tags and values change together or not at all.
Every field of a draft is checked before anything is written, and one ``Invalid`` names every
wrong one.
"""

from __future__ import annotations

from typing import Any

from msgspec import UnsetType

from contacthub.core import fields, tags, vendor_ids
from contacthub.core import search_text as searched
from contacthub.core.contacts import events
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
from contacthub.errors import Invalid

_SEARCHED = ("name", "email", "external_code")
_REFERENCED_TABLES = {"base_id": ("contact_bases", "contact base"), "bot_id": ("bots", "bot")}


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


def _e164s(phone_rows: list[dict[str, Any]]) -> list[str]:
    return [row["e164"] for row in sorted(phone_rows, key=lambda row: int(row["position"]))]


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
        f"INSERT INTO contacts (uuid, org_id, {columns}, search_text, email_folded, created_at,"
        f" updated_at) VALUES (:uuid, :org, {placeholders}, :search, :email_folded, :now, :now)"
        f" RETURNING {RETURNED_COLUMNS}",
        uuid=s.env.new_uuid(),
        email_folded=searched.folded_email(values["email"]),
        search=searched.search_text(
            values["name"], values["email"], values["external_code"], _e164s(phone_rows)
        ),
        now=now,
        **values,
    )
    assert row is not None
    contact_id = row["id"]
    await _insert_phones(s, contact_id, phone_rows)
    if not isinstance(draft.tags, UnsetType):
        await tags.replace_contact_tags(s, contact_id, draft.tags)
    if not isinstance(draft.fields, UnsetType) and draft.fields:
        await fields.set_values_by_name(s, contact_id, draft.fields)
        await searched.refresh(s, [contact_id])
    if not isinstance(draft.vendor_ids, UnsetType):
        await vendor_ids.set_vendor_ids(s, "contact", contact_id, draft.vendor_ids)
    if not all(isinstance(v, UnsetType) for v in (draft.tags, draft.fields, draft.vendor_ids)):
        made = await get_contact(s, contact_id, with_tags=True, with_fields=True)
    else:
        # Nothing else of it is stored: the row as INSERT gives it back, and the phones as
        # written (the two statements of a read after the write were ~13% of an Obzvonilka POST).
        phones = [
            Phone(number=p["raw"], e164=p["e164"], remark=p["remark"], position=p["position"])
            for p in sorted(phone_rows, key=lambda p: int(p["position"]))
        ]
        made = contact_from_row(row, phones, tags=[], fields={}, vendor_ids={})
    events.created(s, made)
    return made


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
    touched = _touched(draft)
    before = await events.state_of(s, contact_id, touched)
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
    if (
        any(column in changes for column in _SEARCHED)
        or phone_rows is not None
        or slots
        or not isinstance(draft.fields, UnsetType)
    ):
        await searched.refresh(s, [contact_id])
    after = await get_contact(s, contact_id, with_tags=True, with_fields=True)
    now = events.state(after)
    events.updated(s, contact_id, before, {name: now[name] for name in touched})
    return after


def _touched(draft: ContactDraft) -> set[str]:
    """The fields of a contact's state that a draft may change."""
    named = {
        column
        for column in (*TEXT_COLUMNS, *REFERENCE_COLUMNS, "tags", "fields", "vendor_ids")
        if not isinstance(getattr(draft, column), UnsetType)
    }
    if not (isinstance(draft.phones, UnsetType) and isinstance(draft.phone_slots, UnsetType)):
        named.add("phones")
    return named


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
    s.emit(events.DELETED, contact_id, {})
