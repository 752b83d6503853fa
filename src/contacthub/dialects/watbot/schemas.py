"""Watbot's wire shapes: everything under ``data``, lists as Laravel resource collections.

``None`` is an explicit ``null``, as the vendor writes it: every contact carries every key of
the vendor's method catalogue (``telegram_id``, ``viber_id``, ``vk_id``, the five UTM tags).
"""

from __future__ import annotations

import msgspec


class Utm(msgspec.Struct, kw_only=True):
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_term: str | None
    utm_content: str | None


class ContactVariable(msgspec.Struct, kw_only=True):
    name: str
    value: str


class ContactOut(msgspec.Struct, kw_only=True):
    # A record's Watbot id where it has one (contacthub.core.vendor_ids), else its hub id.
    id: int | str
    bot_id: int | str | None
    phone: str | None
    email: str | None
    name: str | None
    messenger: str | None
    telegram_id: str | None
    telegram_username: str | None
    viber_id: str | None
    vk_id: str | None
    address: str | None
    utm: Utm
    created_at: str
    variables: list[ContactVariable]
    tags: list[str]


class Links(msgspec.Struct, kw_only=True):
    first: str
    last: str
    prev: str | None
    next: str | None


class Meta(msgspec.Struct, kw_only=True):
    current_page: int
    # "from" is a Python keyword.
    from_: int | None = msgspec.field(name="from")
    last_page: int
    path: str
    per_page: int
    to: int | None
    total: int


class ContactPage(msgspec.Struct, kw_only=True):
    data: list[ContactOut]
    links: Links
    meta: Meta


class ContactData(msgspec.Struct, kw_only=True):
    data: ContactOut


class TagNames(msgspec.Struct, kw_only=True):
    data: list[str]


class VariableRef(msgspec.Struct, kw_only=True):
    id: int | str
    name: str


class VariableOut(msgspec.Struct, kw_only=True):
    id: int | str
    name: str
    value: str
    deletable: bool
    variable: VariableRef


class VariableData(msgspec.Struct, kw_only=True):
    data: VariableOut


class Variables(msgspec.Struct, kw_only=True):
    data: list[VariableOut]


class BotOut(msgspec.Struct, kw_only=True):
    id: int | str
    name: str


class AccountOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    created_at: str
    bots: list[BotOut]


class AccountData(msgspec.Struct, kw_only=True):
    data: AccountOut


class LaravelError(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Every error the dialect answers (errors.laravel_error renders this Struct): ``message``,
    and on 422 ``errors``, each field with its messages."""

    message: str
    errors: dict[str, list[str]] | None = None
