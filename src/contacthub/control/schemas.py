"""The control API's wire shapes."""

from __future__ import annotations

import msgspec

from contacthub.control.journal import Entry


class NewOrg(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: str


class CreatedOrg(msgspec.Struct, kw_only=True):
    id: int
    name: str
    api_token: str


class Requests(msgspec.Struct, kw_only=True):
    items: list[Entry]


class Done(msgspec.Struct, kw_only=True):
    ok: bool = True
