"""The dialer's wire shapes, with the attributes in the order the document lists them.

Every attribute is always present; an empty one is ``null`` (Rails' ``to_json`` of a record).
An ``id`` (and ``contact_base_id``) is the record's Obzvonilka id where it has one
(contacthub.core.vendor_ids, system ``obzvonilka``), its hub id otherwise.
"""

from __future__ import annotations

import msgspec


class ContactBaseOut(msgspec.Struct, kw_only=True):
    id: int | str
    auto_open_window_params: str | None
    deleted: bool
    name: str
    parser_name: str | None
    parser_settings: str | None
    remark: str | None
    select_from_last: bool
    use_predictive_call: bool


class ContactOut(msgspec.Struct, kw_only=True):
    id: int | str
    name: str | None
    address_string: str | None
    description: str | None
    email: str | None
    external_code: str | None
    www: str | None
    phone1: str | None
    phone2: str | None
    phone3: str | None
    phone4: str | None
    phone5: str | None
    phone6: str | None
    phone7: str | None
    phone8: str | None
    phone9: str | None
    phone10: str | None
    phone_remark1: str | None
    phone_remark2: str | None
    phone_remark3: str | None
    phone_remark4: str | None
    phone_remark5: str | None
    phone_remark6: str | None
    phone_remark7: str | None
    phone_remark8: str | None
    phone_remark9: str | None
    phone_remark10: str | None


class ReportContactOut(ContactOut, kw_only=True):
    """A row of ``/api/report/contacts``: the contact and the base it is in."""

    contact_base_id: int | str | None


class UserOut(msgspec.Struct, kw_only=True):
    id: int
    account_enabled: bool
    email: str
    name: str
    admin: bool


class RailsStatus(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Rails' ``PublicExceptions`` body (400, 404, 413, 503...); ``message`` says what to fix."""

    status: int
    error: str
    message: str | None = None


class RailsMessage(msgspec.Struct, kw_only=True):
    """A refused key or request (401, 403, 429): ``{"error": "Invalid API key"}``."""

    error: str


class RailsErrors(msgspec.Struct, kw_only=True):
    """Invalid attributes (422): each attribute with its messages, ``base`` for the rest."""

    errors: dict[str, list[str]]


PHONE_SLOTS = 10
TEXT_ATTRIBUTES = ("name", "address_string", "description", "email", "external_code", "www")
PHONE_ATTRIBUTES = tuple(f"phone{n}" for n in range(1, PHONE_SLOTS + 1))
REMARK_ATTRIBUTES = tuple(f"phone_remark{n}" for n in range(1, PHONE_SLOTS + 1))
# What a contact takes on create and update (``id`` is the server's).
CONTACT_ATTRIBUTES = frozenset((*TEXT_ATTRIBUTES, *PHONE_ATTRIBUTES, *REMARK_ATTRIBUTES))
