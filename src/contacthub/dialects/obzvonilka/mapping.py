"""Domain objects <-> the dialer's wire shapes. Pure functions, no I/O.

A dialer contact is a core contact seen through fixed columns:

    name, description, email, external_code, www  <->  the same core fields
    address_string                                  <->  address
    phoneN, phone_remarkN  (N = 1..10)              <->  the phone at position N-1, its remark

Phones keep the text as the client wrote it (``number``); the store matches them by E.164.
Ids are the dialer's where a record has one (``vendor_ids`` of the system ``obzvonilka``): a
contact's own come with it, a base's are given (record id -> vendor id); otherwise hub ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeAlias

from contacthub.core.bases import ContactBase
from contacthub.core.contacts import Contact, ContactDraft, Phone, PhoneDraft
from contacthub.core.users import User
from contacthub.core.vendor_ids import own_id, shown_id
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.errors import Invalid

# Wire attribute -> core contact field, for the plain text attributes.
_TEXT_FIELDS = {
    "name": "name",
    "address_string": "address",
    "description": "description",
    "email": "email",
    "external_code": "external_code",
    "www": "www",
}
_CORE_PHONE = re.compile(r"phones\[([0-9]+)\](\.remark)?")
SYSTEM = "obzvonilka"
# A kind's Obzvonilka ids by record id (those records that have one).
Known: TypeAlias = Mapping[int, str]
_NONE: Known = {}


def contact_id(contact: Contact) -> int | str:
    """The contact's Obzvonilka id where it has one, its hub id otherwise."""
    return own_id(contact.id, contact.vendor_ids, SYSTEM)


def base_out(base: ContactBase, known: Known = _NONE) -> wire.ContactBaseOut:
    return wire.ContactBaseOut(
        id=shown_id(known, base.id),
        auto_open_window_params=base.auto_open_window_params,
        deleted=base.deleted,
        name=base.name,
        parser_name=base.parser_name,
        parser_settings=base.parser_settings,
        remark=base.remark,
        select_from_last=base.select_from_last,
        use_predictive_call=base.use_predictive_call,
    )


def user_out(user: User) -> wire.UserOut:
    return wire.UserOut(
        id=user.id,
        account_enabled=user.account_enabled,
        email=user.email,
        name=user.name,
        admin=user.is_admin,
    )


def _slots(phones: list[Phone]) -> dict[str, str | None]:
    """phone1..phone10 and phone_remark1..10; a contact's phones beyond the tenth stay unseen."""
    by_position = {phone.position: phone for phone in phones}
    columns: dict[str, str | None] = {}
    for n in range(1, wire.PHONE_SLOTS + 1):
        phone = by_position.get(n - 1)
        columns[f"phone{n}"] = None if phone is None else phone.number
        columns[f"phone_remark{n}"] = None if phone is None else phone.remark
    return columns


def _contact_columns(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact_id(contact),
        "name": contact.name,
        "address_string": contact.address,
        "description": contact.description,
        "email": contact.email,
        "external_code": contact.external_code,
        "www": contact.www,
        **_slots(contact.phones),
    }


def contact_out(contact: Contact) -> wire.ContactOut:
    return wire.ContactOut(**_contact_columns(contact))


def report_contact_out(contact: Contact, bases: Known = _NONE) -> wire.ReportContactOut:
    base_id = None if contact.base_id is None else shown_id(bases, contact.base_id)
    return wire.ReportContactOut(**_contact_columns(contact), contact_base_id=base_id)


def _text(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    # A JSON client may send a phone as a number; Rails casts it to the string column.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Invalid.field(name, f"{name} must be a string")


def contact_values(raw: Mapping[str, Any]) -> dict[str, str | None]:
    """The known contact attributes of a request, as text or None (blank clears).

    Unknown attributes are dropped, as the vendor's strong parameters drop them.
    """
    values: dict[str, str | None] = {}
    errors: dict[str, list[str]] = {}
    for name, value in raw.items():
        if name not in wire.CONTACT_ATTRIBUTES:
            continue
        try:
            values[name] = _text(name, value)
        except Invalid as error:
            errors.update(error.fields)
    if errors:
        raise Invalid("the contact has invalid attributes", fields=errors)
    return values


def _number(phone: Phone | None) -> str | None:
    return None if phone is None else phone.number


def _remark(phone: Phone | None) -> str | None:
    return None if phone is None else phone.remark


def contact_draft(values: Mapping[str, str | None], current: Contact | None = None) -> ContactDraft:
    """A draft that changes only the attributes given.

    ``phoneN`` and ``phone_remarkN`` are separate columns for the dialer: giving one keeps the
    other as ``current`` has it. A blank ``phoneN`` removes the phone with its remark; a remark
    sent for a position left without a number is refused, since the store keeps no orphan remarks.
    """
    draft = ContactDraft()
    for attribute, field in _TEXT_FIELDS.items():
        if attribute in values:
            setattr(draft, field, values[attribute])
    existing = {phone.position: phone for phone in (current.phones if current else [])}
    slots: dict[int, PhoneDraft | None] = {}
    for n in range(1, wire.PHONE_SLOTS + 1):
        number_key, remark_key = f"phone{n}", f"phone_remark{n}"
        if number_key not in values and remark_key not in values:
            continue
        before = existing.get(n - 1)
        number = values[number_key] if number_key in values else _number(before)
        remark = values[remark_key] if remark_key in values else _remark(before)
        if number and number.strip():
            slots[n - 1] = PhoneDraft(number=number, remark=remark)
            continue
        if remark_key in values and remark and remark.strip():
            raise Invalid.field(remark_key, f"{remark_key} needs a number in {number_key}")
        slots[n - 1] = None
    if slots:
        draft.phone_slots = slots
    return draft


def wire_field(field: str) -> str:
    """The attribute a core field name stands for in this API (for 422 bodies)."""
    match = _CORE_PHONE.fullmatch(field)
    if match is not None:
        n = int(match.group(1)) + 1
        return f"phone_remark{n}" if match.group(2) else f"phone{n}"
    if field == "address":
        return "address_string"
    return field
