"""TWIN's wire shapes. Field names are the vendor's (camelCase); unknown fields are ignored, as
the vendor's own clients send more than a request uses (the PHP SDK adds ``extra`` to a login)."""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET, UnsetType


class LoginIn(msgspec.Struct, kw_only=True):
    email: str
    password: str
    ttl: int | None = None  # seconds the token lives; absent or null: the configured default
    companyId: int | None = None  # must be the user's company when given
    extra: Any = None  # the SDK sends it (often as []); nothing here uses it


class RefreshIn(msgspec.Struct, kw_only=True):
    refreshToken: str
    ttl: int | None = None


class RefreshQuery(msgspec.Struct, kw_only=True):
    """Refresh's query string (the SDK sends it there): texts read as numbers where a number
    belongs; the JSON body is read as strictly as the login's."""

    refreshToken: str | None = None
    ttl: int | None = None


class AttributeIn(msgspec.Struct, kw_only=True):
    name: str


class ValueIn(msgspec.Struct, kw_only=True):
    # A number or a boolean is kept as its text (mapping.value_text), as Watbot keeps numbers.
    value: str | int | float | bool


class TokensOut(msgspec.Struct, kw_only=True):
    token: str  # a JWT; clients read its ``exp`` claim to know when to refresh
    refreshToken: str


class IdOut(msgspec.Struct, kw_only=True):
    id: str


# A list's items: every key may be left out, as ``fields`` chooses them (listing.py); the keys
# of each are these Structs' fields (mapping.ATTRIBUTE_KEYS, CLIENT_ATTRIBUTE_KEYS).
class AttributeItem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A company's client attribute: its id (a UUID), the company's id and its name."""

    id: str | UnsetType = UNSET
    companyId: int | UnsetType = UNSET
    name: str | UnsetType = UNSET


class ClientAttributeItem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A client's value of an attribute (``id`` is the attribute's)."""

    id: str | UnsetType = UNSET
    clientId: str | UnsetType = UNSET
    companyId: int | UnsetType = UNSET
    name: str | UnsetType = UNSET
    value: str | UnsetType = UNSET


class AttributeList(msgspec.Struct, kw_only=True, omit_defaults=True):
    """``{"count", "items"}`` (``withoutCount`` and ``withoutItems`` leave either out)."""

    count: int | UnsetType = UNSET
    items: list[AttributeItem] | UnsetType = UNSET


class ClientAttributeList(msgspec.Struct, kw_only=True, omit_defaults=True):
    """``{"count", "items"}`` of a client's values."""

    count: int | UnsetType = UNSET
    items: list[ClientAttributeItem] | UnsetType = UNSET


class Failure(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Every error: ``{"error": "<sentence>"}``, with ``details`` (each field's messages) for a
    request that is not valid; exactly ``{"error": "Token is expired."}`` for an expired token."""

    error: str
    details: dict[str, list[str]] | UnsetType = UNSET
