"""TWIN's wire shapes. Field names are the vendor's (camelCase); unknown fields are ignored, as
the vendor's own clients send more than a request uses (the PHP SDK adds ``extra`` to a login)."""

from __future__ import annotations

from typing import Any

import msgspec


class LoginIn(msgspec.Struct, kw_only=True):
    email: str
    password: str
    ttl: int | None = None  # seconds the token lives; absent or null: the configured default
    companyId: int | None = None  # must be the user's company when given
    extra: Any = None  # the SDK sends it (often as []); nothing here uses it


class RefreshIn(msgspec.Struct, kw_only=True):
    refreshToken: str
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
