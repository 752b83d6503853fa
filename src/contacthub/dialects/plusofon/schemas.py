"""Plusofon's wire shapes (answers). Field order follows the vendor's examples.

Request bodies are read as plain JSON and checked field by field in ``params`` (the vendor is a
Laravel app: it reports every wrong field at once, with Laravel's ``errors`` map).
"""

from __future__ import annotations

import msgspec


class Success(msgspec.Struct, kw_only=True):
    success: bool = True


class ListItem(msgspec.Struct, kw_only=True):
    id: int | str  # the list's Plusofon id where it has one (core.vendor_ids), else its hub id
    name: str
    type: str


class ListPage(msgspec.Struct, kw_only=True):
    """Laravel's LengthAwarePaginator as ``toArray()`` writes it, plus ``success``."""

    current_page: int
    data: list[ListItem]
    first_page_url: str
    from_: int | None = msgspec.field(name="from")
    last_page: int
    last_page_url: str
    next_page_url: str | None
    path: str
    per_page: int
    prev_page_url: str | None
    to: int | None
    total: int
    success: bool = True


class ContactOut(msgspec.Struct, kw_only=True):
    name: str
    # International digits without "+" ("79998887766"), as the vendor writes numbers.
    phones: list[str]


class ListDetail(msgspec.Struct, kw_only=True):
    id: int | str
    name: str
    type: str
    contacts: list[ContactOut]
    success: bool = True


class ListType(msgspec.Struct, kw_only=True):
    type: str
    title: str


class ListTypes(msgspec.Struct, kw_only=True):
    types: list[ListType]
    success: bool = True


class Failure(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Every error: ``message`` for a wrong request (with ``errors`` per field for validation),
    ``error`` for a missing entity, as the vendor's status table says."""

    success: bool  # always false; no default, so that omit_defaults keeps it
    message: str | None = None
    error: str | None = None
    errors: dict[str, list[str]] | None = None


class LoginRole(msgspec.Struct, kw_only=True):
    name: str
    client_id: int


class LoginUser(msgspec.Struct, kw_only=True):
    """The account as the vendor's login answer shows it (its field names)."""

    id: int
    email: str
    phone: str | None
    first_name: str
    last_name: str | None
    middle_name: str | None
    role: LoginRole


class LoginOut(msgspec.Struct, kw_only=True):
    user: LoginUser
    token: str
    # Unix times in seconds (the vendor's clients read them as integers).
    token_expire: int
    refresh_token: str
    refresh_token_expire: int
    success: bool = True
