"""What a contact is, and the drafts that create or change one."""

from __future__ import annotations

from datetime import datetime

import msgspec
from msgspec import UNSET, UnsetType

# The contact's plain text columns and their longest values (as in the table definition).
TEXT_COLUMNS: dict[str, int] = {
    "name": 500,
    "email": 320,
    "address": 10_000,
    "description": 100_000,
    "www": 2000,
    "external_code": 255,
    "messenger": 32,
    "telegram_id": 64,
    "telegram_username": 255,
    "viber_id": 255,
    "vk_id": 64,
    "utm_source": 500,
    "utm_medium": 500,
    "utm_campaign": 500,
    "utm_term": 500,
    "utm_content": 500,
}
REFERENCE_COLUMNS = ("base_id", "bot_id")
MAX_PHONES = 1000
MAX_PHONE_REMARK = 500


class Phone(msgspec.Struct, frozen=True, kw_only=True):
    number: str  # as it was given
    e164: str
    remark: str | None = None
    position: int = 0


class Contact(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    uuid: str
    name: str | None
    email: str | None
    address: str | None
    description: str | None
    www: str | None
    external_code: str | None
    base_id: int | None
    bot_id: int | None
    messenger: str | None
    telegram_id: str | None
    telegram_username: str | None
    viber_id: str | None
    vk_id: str | None
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_term: str | None
    utm_content: str | None
    phones: list[Phone]
    created_at: datetime
    updated_at: datetime
    # Loaded only when asked for (``with_tags`` / ``with_fields``); None means "not loaded".
    tags: list[str] | None = None
    fields: dict[str, str] | None = None
    # The ids other systems gave it (system -> id, core.vendor_ids); every read loads them, a
    # contact just created has none (None: not loaded, read as none).
    vendor_ids: dict[str, str] | None = None


class PhoneDraft(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    remark: str | None = None


class ContactDraft(msgspec.Struct, kw_only=True):
    """What to set on a contact. ``UNSET`` leaves a field as it is; ``None`` or "" clears it.

    ``phones`` replaces the whole list; ``phone_slots`` sets (or, with None, clears) single
    positions and keeps the others, as the dialer's phone1..phone10 fields do.
    ``tags`` and ``fields`` replace the contact's tags and field values; ``vendor_ids`` sets
    (or, with None, removes) the ids of the systems it names.
    """

    name: str | UnsetType | None = UNSET
    email: str | UnsetType | None = UNSET
    address: str | UnsetType | None = UNSET
    description: str | UnsetType | None = UNSET
    www: str | UnsetType | None = UNSET
    external_code: str | UnsetType | None = UNSET
    base_id: int | UnsetType | None = UNSET
    bot_id: int | UnsetType | None = UNSET
    messenger: str | UnsetType | None = UNSET
    telegram_id: str | UnsetType | None = UNSET
    telegram_username: str | UnsetType | None = UNSET
    viber_id: str | UnsetType | None = UNSET
    vk_id: str | UnsetType | None = UNSET
    utm_source: str | UnsetType | None = UNSET
    utm_medium: str | UnsetType | None = UNSET
    utm_campaign: str | UnsetType | None = UNSET
    utm_term: str | UnsetType | None = UNSET
    utm_content: str | UnsetType | None = UNSET
    phones: list[PhoneDraft] | UnsetType = UNSET
    phone_slots: dict[int, PhoneDraft | None] | UnsetType = UNSET
    tags: list[str] | UnsetType = UNSET
    fields: dict[str, str] | UnsetType = UNSET
    # Ids other systems gave it, by system; None removes that system's (core.vendor_ids).
    vendor_ids: dict[str, str | None] | UnsetType = UNSET


class ContactFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which contacts a listing returns; every given condition must hold."""

    tag: str | None = None
    base_id: int | None = None
    bot_id: int | None = None
    list_id: int | None = None
    phone: str | None = None  # any format; matched by its E.164 form
    text: str | None = None  # in name, e-mail or external code, ignoring case
    external_code: str | None = None
    telegram_id: str | None = None
    viber_id: str | None = None
    vk_id: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    # True: a number of the contact is on a black list; False: none is.
    blocked: bool | None = None
