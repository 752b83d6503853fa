"""Custom fields of contacts, and their values.

One concept, two vendor names: Watbot's *variables* and TWIN's *client attributes* are custom
fields. A value set by name through one dialect is the attribute of that name in the other.
A field has an integer id and a UUID; values are strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import msgspec

from contacthub.core import search_text
from contacthub.core.ids import storable, written_id
from contacthub.core.principal import AdminAction
from contacthub.core.records import delete_record, window
from contacthub.core.scope import Scope
from contacthub.core.validation import no_nul, required_text
from contacthub.db.database import IntegrityViolation, Row, expand_in
from contacthub.errors import Conflict, Invalid, NotFound

MAX_FIELD_NAME = 255
MAX_VALUE_LENGTH = 65_535
_COLUMNS = "f.id, f.uuid, f.name, f.created_at"


class Field(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    uuid: str
    name: str
    created_at: datetime


class FieldValue(msgspec.Struct, frozen=True, kw_only=True):
    field: Field
    contact_id: int
    value: str
    deletable: bool
    updated_at: datetime


def _field_from_row(row: Row) -> Field:
    return Field(id=row["id"], uuid=row["uuid"], name=row["name"], created_at=row["created_at"])


def clean_field_name(name: str | None) -> str:
    return required_text("name", name, max_length=MAX_FIELD_NAME)


def clean_value(value: str) -> str:
    no_nul("value", value)
    if len(value) > MAX_VALUE_LENGTH:
        raise Invalid.field("value", f"the value is longer than {MAX_VALUE_LENGTH} characters")
    return value


async def list_fields(s: Scope, *, after: int = 0, limit: int | None = None) -> list[Field]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM custom_fields f WHERE f.org_id = :org AND f.id > :after"
        " ORDER BY f.id LIMIT :limit",
        **window(after, limit),
    )
    return [_field_from_row(row) for row in rows]


async def get_field(s: Scope, ref: int | str) -> Field:
    """A field by integer id (also as a string of digits) or by UUID."""
    number = ref if isinstance(ref, int) else written_id(ref)
    if number is not None:
        if not storable(number):
            raise NotFound(f"field {ref} does not exist")
        row = await s.fetch_one(
            f"SELECT {_COLUMNS} FROM custom_fields f WHERE f.org_id = :org AND f.id = :id",
            id=number,
        )
    else:
        row = await s.fetch_one(
            f"SELECT {_COLUMNS} FROM custom_fields f WHERE f.org_id = :org AND f.uuid = :uuid",
            uuid=ref,
        )
    if row is None:
        raise NotFound(f"field {ref} does not exist")
    return _field_from_row(row)


async def find_field(s: Scope, name: str) -> Field | None:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM custom_fields f WHERE f.org_id = :org AND f.name = :name",
        name=name.strip(),
    )
    return None if row is None else _field_from_row(row)


async def create_field(s: Scope, name: str) -> Field:
    clean = clean_field_name(name)
    try:
        row = await s.fetch_one(
            "INSERT INTO custom_fields (uuid, org_id, name, created_at)"
            " VALUES (:uuid, :org, :name, :now) RETURNING id, uuid, name, created_at",
            uuid=s.env.new_uuid(),
            name=clean,
            now=s.now(),
        )
    except IntegrityViolation:
        raise Conflict(f"a field named {clean!r} already exists", code="field_exists") from None
    assert row is not None
    return _field_from_row(row)


async def ensure_field(s: Scope, name: str) -> Field:
    """The field of this name, created if the organization has none (safe against races)."""
    clean = clean_field_name(name)
    found = await find_field(s, clean)
    if found is not None:
        return found  # the usual case: one statement, no insert tried
    await s.execute(
        "INSERT INTO custom_fields (uuid, org_id, name, created_at)"
        " VALUES (:uuid, :org, :name, :now) ON CONFLICT (org_id, name) DO NOTHING",
        uuid=s.env.new_uuid(),
        name=clean,
        now=s.now(),
    )
    field = await find_field(s, clean)
    assert field is not None
    return field


async def rename_field(s: Scope, ref: int | str, name: str) -> Field:
    field = await get_field(s, ref)
    clean = clean_field_name(name)
    try:
        await s.execute(
            "UPDATE custom_fields SET name = :name WHERE org_id = :org AND id = :id",
            id=field.id,
            name=clean,
        )
    except IntegrityViolation:
        raise Conflict(f"a field named {clean!r} already exists", code="field_exists") from None
    if field.name != clean:
        s.emit(
            "field.renamed", None, {"field": {"id": field.id, "before": field.name, "after": clean}}
        )
    return await get_field(s, field.id)


async def delete_field(s: Scope, ref: int | str) -> None:
    """Delete the field and its value on every contact."""
    s.require(AdminAction.DELETE_FIELDS)
    field = await get_field(s, ref)
    holders = await s.fetch_all(
        "SELECT contact_id FROM field_values WHERE org_id = :org AND field_id = :field",
        field=field.id,
    )
    await delete_record(s, "custom_fields", field.id, "field")
    # The values were in their contacts' search text: a field on every contact of a large store
    # makes this a long write (an admin's rare act; the text must not find what is gone).
    await search_text.refresh(s, [row["contact_id"] for row in holders])
    s.emit("field.deleted", None, {"field": {"id": field.id, "name": field.name}})


async def values_of_contact(s: Scope, contact_id: int) -> list[FieldValue]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS}, v.value, v.deletable, v.updated_at"
        " FROM field_values v JOIN custom_fields f ON f.id = v.field_id"
        " WHERE v.org_id = :org AND v.contact_id = :contact ORDER BY f.id",
        contact=contact_id,
    )
    return [
        FieldValue(
            field=_field_from_row(row),
            contact_id=contact_id,
            value=row["value"],
            deletable=bool(row["deletable"]),
            updated_at=row["updated_at"],
        )
        for row in rows
    ]


async def values_of_contacts(s: Scope, contact_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Each contact's values by field name, in field id order: one statement for a whole page
    of contacts (a list of 500 read them one contact at a time before, 500 statements)."""
    values: dict[int, dict[str, str]] = {contact_id: {} for contact_id in contact_ids}
    if not contact_ids:
        return values
    placeholders, params = expand_in("contact", contact_ids)
    rows = await s.fetch_all(
        "SELECT v.contact_id, f.name, v.value FROM field_values v"
        " JOIN custom_fields f ON f.id = v.field_id"
        f" WHERE v.org_id = :org AND v.contact_id IN {placeholders} ORDER BY f.id",
        **params,
    )
    for row in rows:
        values[row["contact_id"]][row["name"]] = row["value"]
    return values


async def set_value(
    s: Scope, contact_id: int, field: Field, value: str, *, deletable: bool | None = None
) -> FieldValue:
    """Set a contact's value of a field (the caller checked both are the scope's).

    ``deletable=None`` keeps the flag a value already has (new values are not deletable)."""
    clean = clean_value(value)
    now = s.now()
    flag = bool(deletable)
    keep_flag = "field_values.deletable" if deletable is None else ":deletable"
    row = await s.fetch_one(
        "INSERT INTO field_values (contact_id, field_id, org_id, value, deletable, updated_at)"
        " VALUES (:contact, :field, :org, :value, :deletable, :now)"
        " ON CONFLICT (contact_id, field_id) DO UPDATE SET value = :value,"
        f" deletable = {keep_flag}, updated_at = :now RETURNING deletable",
        contact=contact_id,
        field=field.id,
        value=clean,
        deletable=flag,
        now=now,
    )
    assert row is not None  # the row inserted or updated
    return FieldValue(
        field=field,
        contact_id=contact_id,
        value=clean,
        deletable=bool(row["deletable"]),
        updated_at=now,
    )


async def set_values_by_name(s: Scope, contact_id: int, values: Mapping[str, str]) -> None:
    """Set several values by field name, creating missing fields."""
    # Sorted by name: concurrent writers lock in one order and cannot deadlock.
    for name, value in sorted(values.items()):
        await set_value(s, contact_id, await ensure_field(s, name), value)


async def delete_value(s: Scope, contact_id: int, field: Field) -> bool:
    """Remove a contact's value of a field; answers whether there was one."""
    removed = await s.execute(
        "DELETE FROM field_values"
        " WHERE org_id = :org AND contact_id = :contact AND field_id = :field",
        contact=contact_id,
        field=field.id,
    )
    return removed > 0


async def replace_values(s: Scope, contact_id: int, values: Mapping[str, str]) -> None:
    await s.execute(
        "DELETE FROM field_values WHERE org_id = :org AND contact_id = :contact", contact=contact_id
    )
    await set_values_by_name(s, contact_id, values)
