"""Field values of one contact, addressed as the APIs address them: the contact by id or UUID, the
field by name (Watbot's variables: created when missing) or by id or UUID (TWIN's attributes)."""

from __future__ import annotations

from contacthub.core import fields
from contacthub.core.contacts import contact_id_of, contact_key_of, events
from contacthub.core.fields import Field, FieldValue
from contacthub.core.scope import Scope
from contacthub.core.search_text import refresh
from contacthub.errors import Invalid, NotFound


async def _field(
    s: Scope, *, name: str | None, field_ref: int | str | None, create: bool
) -> Field | None:
    if field_ref is not None:
        return await fields.get_field(s, field_ref)
    if name is None:
        raise Invalid.field("name", "name or id is required")
    if create:
        return await fields.ensure_field(s, name)
    return await fields.find_field(s, name)


async def contact_values(s: Scope, contact_ref: int | str) -> list[FieldValue]:
    return await fields.values_of_contact(s, await contact_id_of(s, contact_ref))


async def contact_values_keyed(s: Scope, contact_ref: int | str) -> tuple[str, list[FieldValue]]:
    """A contact's UUID and its values: asked by an absorbed contact's UUID, the survivor's
    (a dialect that echoes the contact's UUID shows whom it answers)."""
    contact_id, uuid = await contact_key_of(s, contact_ref)
    return uuid, await fields.values_of_contact(s, contact_id)


async def set_contact_value(
    s: Scope,
    contact_ref: int | str,
    value: str,
    *,
    name: str | None = None,
    field_ref: int | str | None = None,
    deletable: bool | None = None,
) -> FieldValue:
    """Set a contact's value of a field named ``name`` (created when missing) or given by id."""
    contact_id = await contact_id_of(s, contact_ref)
    field = await _field(s, name=name, field_ref=field_ref, create=True)
    assert field is not None
    before = await _values(s, contact_id)
    written = await fields.set_value(s, contact_id, field, value, deletable=deletable)
    await refresh(s, [contact_id])
    events.updated(s, contact_id, {"fields": before}, {"fields": await _values(s, contact_id)})
    return written


async def delete_contact_value(
    s: Scope, contact_ref: int | str, *, name: str | None = None, field_ref: int | str | None = None
) -> None:
    """Remove a contact's value of a field; ``NotFound`` if it has none."""
    contact_id = await contact_id_of(s, contact_ref)
    field = await _field(s, name=name, field_ref=field_ref, create=False)
    before = await _values(s, contact_id)
    if field is None or not await fields.delete_value(s, contact_id, field):
        shown = name if field_ref is None else field_ref
        raise NotFound(f"contact {contact_ref} has no value of field {shown}")
    await refresh(s, [contact_id])
    events.updated(s, contact_id, {"fields": before}, {"fields": await _values(s, contact_id)})


async def _values(s: Scope, contact_id: int) -> dict[str, str]:
    """The contact's field values by name, sorted (as contact events show them)."""
    return dict(
        sorted((await fields.values_of_contacts(s, [contact_id])).get(contact_id, {}).items())
    )
