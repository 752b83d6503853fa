"""Pure functions from the core's lists to Plusofon's answers. A list's id is its Plusofon id
where it has one (``vendor_ids`` of the system ``plusofon``; ``Known``: record id -> vendor id,
from core.vendor_ids.dialect_ids_of), its hub id otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

from contacthub.core.lists import LIST_TYPES, ContactList
from contacthub.core.sessions import SessionTokens
from contacthub.core.users import User
from contacthub.core.vendor_ids import shown_id
from contacthub.dialects.plusofon import schemas as wire

SYSTEM = "plusofon"
Known: TypeAlias = Mapping[int, str]
_NONE: Known = {}


def phone_out(e164: str) -> str:
    """``+79998887766`` -> ``79998887766``: the vendor writes international digits only."""
    return e164.removeprefix("+")


def list_item(found: ContactList, known: Known = _NONE) -> wire.ListItem:
    return wire.ListItem(id=shown_id(known, found.id), name=found.name, type=found.type)


def list_detail(found: ContactList, known: Known = _NONE) -> wire.ListDetail:
    return wire.ListDetail(
        id=shown_id(known, found.id),
        name=found.name,
        type=found.type,
        contacts=[
            wire.ContactOut(name=entry.name, phones=[phone_out(p.e164) for p in entry.phones])
            for entry in found.entries or []
        ],
    )


def list_types() -> wire.ListTypes:
    return wire.ListTypes(
        types=[wire.ListType(type=kind, title=title) for kind, title in LIST_TYPES.items()]
    )


def list_page(
    found: list[ContactList],
    *,
    total: int,
    page: int,
    per_page: int,
    path: str,
    keep_per_page: bool,
    known: Known = _NONE,
) -> wire.ListPage:
    """Laravel's paginator: ``from``/``to`` are null on an empty page, ``last_page`` is at least
    1, and a page past the end is empty but keeps its number and a link back."""

    def url(number: int) -> str:
        # A page size the client chose stays in the links it follows (``withQueryString``).
        return f"{path}?page={number}" + (f"&per_page={per_page}" if keep_per_page else "")

    last_page = max(1, -(-total // per_page))
    first = (page - 1) * per_page + 1
    return wire.ListPage(
        current_page=page,
        data=[list_item(item, known) for item in found],
        first_page_url=url(1),
        from_=first if found else None,
        last_page=last_page,
        last_page_url=url(last_page),
        next_page_url=url(page + 1) if page < last_page else None,
        path=path,
        per_page=per_page,
        prev_page_url=url(page - 1) if page > 1 else None,
        to=first + len(found) - 1 if found else None,
        total=total,
    )


def login_out(user: User, tokens: SessionTokens) -> wire.LoginOut:
    """The login answer. The core keeps one name a user; it is the vendor's ``first_name``."""
    return wire.LoginOut(
        user=wire.LoginUser(
            id=user.id,
            email=user.email,
            phone=None,
            first_name=user.name,
            last_name=None,
            middle_name=None,
            role=wire.LoginRole(name="admin" if user.is_admin else "user", client_id=user.org_id),
        ),
        token=tokens.access_token,
        token_expire=int(tokens.access_expires_at.timestamp()),
        refresh_token=tokens.refresh_token,
        refresh_token_expire=int(tokens.refresh_expires_at.timestamp()),
    )
