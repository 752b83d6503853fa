"""The native API's wire shapes. Requests refuse unknown fields, so a typo is an error, not a no-op.

``UNSET`` in a patch means "not sent": the field keeps its value. ``null`` clears it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec
from msgspec import UNSET, UnsetType


class Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


# ``{"watbot": 72975, "twin": "35e45a67-..."}``: the ids other systems gave a record, by dialect
# name; in a request, ``null`` removes that system's id and systems not named keep theirs.
VendorIdsIn = dict[str, int | str | None]
VendorIdsOut = dict[str, int | str]


# ---- contacts ---------------------------------------------------------------------------------


class PhoneIn(Strict):
    number: str
    remark: str | None = None


class Utm(msgspec.Struct, kw_only=True):
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    term: str | None = None
    content: str | None = None


class UtmPatch(Strict):
    source: str | UnsetType | None = UNSET
    medium: str | UnsetType | None = UNSET
    campaign: str | UnsetType | None = UNSET
    term: str | UnsetType | None = UNSET
    content: str | UnsetType | None = UNSET


class ContactIn(Strict):
    """A contact's fields. On create, what is not sent is empty; on PATCH, what is not sent is
    left as it is. ``phones``, ``tags`` and ``fields`` replace the whole collection."""

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
    utm: UtmPatch | UnsetType = UNSET
    phones: list[PhoneIn] | UnsetType = UNSET
    tags: list[str] | UnsetType = UNSET
    fields: dict[str, str] | UnsetType = UNSET
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class PhoneOut(msgspec.Struct, kw_only=True):
    number: str
    e164: str
    remark: str | None


class ContactOut(msgspec.Struct, kw_only=True):
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
    utm: Utm
    phones: list[PhoneOut]
    tags: list[str]
    fields: dict[str, str]
    vendor_ids: VendorIdsOut
    created_at: datetime
    updated_at: datetime


class ContactPage(msgspec.Struct, kw_only=True):
    items: list[ContactOut]
    next_cursor: str | None


class TagNames(Strict):
    tags: list[str]


class TagName(Strict):
    name: str


class ValueIn(Strict):
    value: str


class FieldValueOut(msgspec.Struct, kw_only=True):
    field_id: int
    field_uuid: str
    name: str
    value: str
    updated_at: datetime


# ---- tags, fields, bots -------------------------------------------------------------------------


class TagOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    created_at: datetime


class TagPage(msgspec.Struct, kw_only=True):
    items: list[TagOut]
    next_cursor: str | None


class NamedIn(Strict):
    """A bot or a field to create."""

    name: str
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class NamedPatch(Strict):
    """A bot's or a field's new name, or its vendor ids, or both."""

    name: str | UnsetType = UNSET
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class FieldOut(msgspec.Struct, kw_only=True):
    id: int
    uuid: str
    name: str
    vendor_ids: VendorIdsOut
    created_at: datetime


class FieldPage(msgspec.Struct, kw_only=True):
    items: list[FieldOut]
    next_cursor: str | None


class BotOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    vendor_ids: VendorIdsOut
    created_at: datetime


class BotPage(msgspec.Struct, kw_only=True):
    items: list[BotOut]
    next_cursor: str | None


# ---- contact bases -------------------------------------------------------------------------------


class BaseIn(Strict):
    name: str
    remark: str | None = None
    deleted: bool = False
    select_from_last: bool = False
    use_predictive_call: bool = False
    parser_name: str | None = None
    parser_settings: str | None = None
    auto_open_window_params: str | None = None
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class BasePatch(Strict):
    name: str | UnsetType = UNSET
    remark: str | UnsetType | None = UNSET
    deleted: bool | UnsetType = UNSET
    select_from_last: bool | UnsetType = UNSET
    use_predictive_call: bool | UnsetType = UNSET
    parser_name: str | UnsetType | None = UNSET
    parser_settings: str | UnsetType | None = UNSET
    auto_open_window_params: str | UnsetType | None = UNSET
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class BaseOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    remark: str | None
    deleted: bool
    select_from_last: bool
    use_predictive_call: bool
    parser_name: str | None
    parser_settings: str | None
    auto_open_window_params: str | None
    vendor_ids: VendorIdsOut
    created_at: datetime


class BasePage(msgspec.Struct, kw_only=True):
    items: list[BaseOut]
    next_cursor: str | None


# ---- contact lists -------------------------------------------------------------------------------

ListType = Literal["black", "white"]


class EntryIn(Strict):
    name: str
    phones: list[str]


class ListIn(Strict):
    name: str
    type: ListType
    entries: list[EntryIn] = []
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class ListPatch(Strict):
    name: str | UnsetType = UNSET
    type: ListType | UnsetType = UNSET
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class EntryOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    phones: list[PhoneOut]


class ListOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    type: str
    vendor_ids: VendorIdsOut
    created_at: datetime
    updated_at: datetime


class ListDetailOut(ListOut, kw_only=True):
    entries: list[EntryOut]


class ListPage(msgspec.Struct, kw_only=True):
    items: list[ListOut]
    next_cursor: str | None


class EntriesIn(Strict):
    entries: list[EntryIn]


# ---- users and tokens ----------------------------------------------------------------------------


class UserIn(Strict):
    email: str
    password: str
    name: str | None = None
    is_admin: bool = False
    account_enabled: bool = True


class UserPatch(Strict):
    email: str | UnsetType = UNSET
    password: str | UnsetType = UNSET
    name: str | UnsetType | None = UNSET
    is_admin: bool | UnsetType = UNSET
    account_enabled: bool | UnsetType = UNSET


class UserOut(msgspec.Struct, kw_only=True):
    id: int
    email: str
    name: str
    is_admin: bool
    account_enabled: bool
    created_at: datetime


class UserPage(msgspec.Struct, kw_only=True):
    items: list[UserOut]
    next_cursor: str | None


class TokenIn(Strict):
    label: str | None = None


class TokenOut(msgspec.Struct, kw_only=True):
    id: int
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut, kw_only=True):
    secret: str  # shown this once; only its hash is stored


class TokenPage(msgspec.Struct, kw_only=True):
    items: list[TokenOut]
    next_cursor: str | None


# ---- organization and phone lookup ---------------------------------------------------------------


class OrganizationOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    created_at: datetime


class ListMembershipOut(msgspec.Struct, kw_only=True):
    list_id: int
    name: str
    type: str
    entry_id: int
    entry_name: str


class PhoneReportOut(msgspec.Struct, kw_only=True):
    number: str
    e164: str
    blocked: bool
    contacts: list[ContactOut]
    lists: list[ListMembershipOut]


# ---- bulk import and export -------------------------------------------------------------------


class ImportCounts(msgspec.Struct, kw_only=True):
    created: int
    updated: int
    skipped: int
    invalid: int


class ImportOut(msgspec.Struct, kw_only=True):
    """An import job. ``status``: queued, running, done or failed; ``rows_done`` rows of the
    file are in the store (``total_rows`` is an estimate from the file's lines)."""

    id: int
    status: str
    file_name: str
    format: str
    dry_run: bool
    options: dict[str, object]
    total_rows: int | None
    rows_done: int
    counts: ImportCounts
    error: str | None  # why a failed job stopped, a sentence
    error_code: str | None  # and its stable code (invalid, unavailable, internal_error...)
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class ImportPage(msgspec.Struct, kw_only=True):
    items: list[ImportOut]
    next_cursor: str | None


class RejectedRowOut(msgspec.Struct, kw_only=True):
    row: int
    reason: str
    data: object


class RejectedPage(msgspec.Struct, kw_only=True):
    items: list[RejectedRowOut]
    next_cursor: str | None
