"""The native API's wire shapes. Requests refuse unknown fields, so a typo is an error, not a no-op.

``UNSET`` in a patch means "not sent": the field keeps its value. ``null`` clears it. A request
field's ``Annotated`` rule (wire_rules) is what the core checks of its value, for the document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from contacthub.dialects.native import wire_rules as r
from contacthub.dialects.native.wire_rules import (
    BaseNameText,
    EmailOrBlankText,
    EmailText,
    EntryNameText,
    EntryPhones,
    FieldValues,
    FieldValueText,
    ListNameText,
    NameText,
    PasswordText,
    PhoneNumberText,
    PhoneRemarkText,
    TagNameText,
    TokenLabelText,
    UserNameText,
    contact_text,
)


class Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies."""


# ``{"watbot": 72975, "twin": "35e45a67-..."}``: the ids other systems gave a record, by dialect
# name; in a request, ``null`` removes that system's id and systems not named keep theirs.
VendorIdsIn = r.VendorIdsIn
VendorIdsOut = dict[str, int | str]


# ---- errors -------------------------------------------------------------------------------------


class Problem(msgspec.Struct, kw_only=True):
    """Every error of the native API (RFC 9457, ``application/problem+json``): ``title`` is the
    status's phrase and ``status`` the HTTP status; ``code`` is stable (``not_found``,
    ``invalid``, ``phone_invalid``, ``conflict``, ``unauthorized``...); ``errors``, when present,
    names each refused field with its reasons."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: dict[str, list[str]] | UnsetType = UNSET


# ---- contacts ---------------------------------------------------------------------------------


class PhoneIn(Strict):
    number: PhoneNumberText
    remark: PhoneRemarkText | None = None


class Utm(msgspec.Struct, kw_only=True):
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    term: str | None = None
    content: str | None = None


class UtmPatch(Strict):
    source: Annotated[str, contact_text("utm_source")] | UnsetType | None = UNSET
    medium: Annotated[str, contact_text("utm_medium")] | UnsetType | None = UNSET
    campaign: Annotated[str, contact_text("utm_campaign")] | UnsetType | None = UNSET
    term: Annotated[str, contact_text("utm_term")] | UnsetType | None = UNSET
    content: Annotated[str, contact_text("utm_content")] | UnsetType | None = UNSET


class ContactIn(Strict):
    """A contact's fields. On create, what is not sent is empty; on PATCH, what is not sent is
    left as it is. ``phones``, ``tags`` and ``fields`` replace the whole collection."""

    name: Annotated[str, contact_text("name")] | UnsetType | None = UNSET
    email: EmailOrBlankText | UnsetType | None = UNSET
    address: Annotated[str, contact_text("address")] | UnsetType | None = UNSET
    description: Annotated[str, contact_text("description")] | UnsetType | None = UNSET
    www: Annotated[str, contact_text("www")] | UnsetType | None = UNSET
    external_code: Annotated[str, contact_text("external_code")] | UnsetType | None = UNSET
    base_id: int | UnsetType | None = UNSET
    bot_id: int | UnsetType | None = UNSET
    messenger: Annotated[str, contact_text("messenger")] | UnsetType | None = UNSET
    telegram_id: Annotated[str, contact_text("telegram_id")] | UnsetType | None = UNSET
    telegram_username: Annotated[str, contact_text("telegram_username")] | UnsetType | None = UNSET
    viber_id: Annotated[str, contact_text("viber_id")] | UnsetType | None = UNSET
    vk_id: Annotated[str, contact_text("vk_id")] | UnsetType | None = UNSET
    utm: UtmPatch | UnsetType = UNSET
    phones: Annotated[list[PhoneIn], r.rule(max_items=r.MAX_CONTACT_PHONES)] | UnsetType = UNSET
    tags: list[TagNameText] | UnsetType = UNSET
    fields: FieldValues | UnsetType = UNSET
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
    tags: list[TagNameText]


class TagName(Strict):
    name: TagNameText


class ValueIn(Strict):
    value: FieldValueText


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

    name: NameText
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class NamedPatch(Strict):
    """A bot's or a field's new name, or its vendor ids, or both."""

    name: NameText | UnsetType = UNSET
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
    name: BaseNameText
    remark: Annotated[str, r.BaseText["remark"]] | None = None
    deleted: bool = False
    select_from_last: bool = False
    use_predictive_call: bool = False
    parser_name: Annotated[str, r.BaseText["parser_name"]] | None = None
    parser_settings: Annotated[str, r.BaseText["parser_settings"]] | None = None
    auto_open_window_params: Annotated[str, r.BaseText["auto_open_window_params"]] | None = None
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class BasePatch(Strict):
    name: BaseNameText | UnsetType = UNSET
    remark: Annotated[str, r.BaseText["remark"]] | UnsetType | None = UNSET
    deleted: bool | UnsetType = UNSET
    select_from_last: bool | UnsetType = UNSET
    use_predictive_call: bool | UnsetType = UNSET
    parser_name: Annotated[str, r.BaseText["parser_name"]] | UnsetType | None = UNSET
    parser_settings: Annotated[str, r.BaseText["parser_settings"]] | UnsetType | None = UNSET
    auto_open_window_params: (
        Annotated[str, r.BaseText["auto_open_window_params"]] | UnsetType | None
    ) = UNSET
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
    name: EntryNameText
    phones: EntryPhones


class ListIn(Strict):
    name: ListNameText
    type: ListType
    entries: list[EntryIn] = []
    vendor_ids: VendorIdsIn | UnsetType = UNSET


class ListPatch(Strict):
    name: ListNameText | UnsetType = UNSET
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
    email: EmailText
    password: PasswordText
    name: UserNameText | None = None
    is_admin: bool = False
    account_enabled: bool = True


class UserPatch(Strict):
    email: EmailText | UnsetType = UNSET
    password: PasswordText | UnsetType = UNSET
    name: UserNameText | UnsetType | None = UNSET
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
    label: TokenLabelText | None = None


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
