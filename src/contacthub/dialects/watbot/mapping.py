"""Pure functions between the core's objects and Watbot's wire shapes.

Ids are Watbot's where a record has one (``vendor_ids`` of the system ``watbot``): a contact's
own come with it, its bot's and a variable's are given (``Known``: record id -> vendor id, from
``core.vendor_ids.dialect_ids_of``); a record without one is shown by its hub id.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TypeAlias
from urllib.parse import urlencode

from contacthub.core.bots import Bot
from contacthub.core.contacts import Contact
from contacthub.core.fields import FieldValue
from contacthub.core.organizations import Organization
from contacthub.core.tags import Tag
from contacthub.core.vendor_ids import own_id, shown_id
from contacthub.dialects.watbot import schemas as wire


def timestamp(moment: datetime) -> str:
    """``2019-05-10T10:38:28+00:00``: UTC, whole seconds, as Laravel's resources write it."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


SYSTEM = "watbot"
# A kind's Watbot ids by record id (those records that have one).
Known: TypeAlias = Mapping[int, str]
_NONE: Known = {}


def contact_id(contact: Contact) -> int | str:
    """The contact's Watbot id where it has one, its hub id otherwise."""
    return own_id(contact.id, contact.vendor_ids, SYSTEM)


UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def _utm(contact: Contact) -> wire.Utm:
    """The five UTM tags, always an object (nulls inside), as the method catalogue types it."""
    return wire.Utm(**{key: getattr(contact, key) for key in UTM_KEYS})


def contact_out(contact: Contact, bots: Known = _NONE) -> wire.ContactOut:
    """The vendor's contact object; ``phone`` is the first phone as digits (``79991234567``),
    ``variables`` its custom fields as ``{name, value}`` and ``tags`` the names getContactTags
    gives. The contact must come with its tags and fields loaded."""
    if contact.tags is None or contact.fields is None:
        raise ValueError("a Watbot contact is written with its tags and fields")
    phone = contact.phones[0].e164.lstrip("+") if contact.phones else None
    return wire.ContactOut(
        id=contact_id(contact),
        bot_id=None if contact.bot_id is None else shown_id(bots, contact.bot_id),
        phone=phone,
        email=contact.email,
        name=contact.name,
        messenger=contact.messenger,
        telegram_id=contact.telegram_id,
        telegram_username=contact.telegram_username,
        viber_id=contact.viber_id,
        vk_id=contact.vk_id,
        address=contact.address,
        utm=_utm(contact),
        created_at=timestamp(contact.created_at),
        variables=[
            wire.ContactVariable(name=name, value=value) for name, value in contact.fields.items()
        ],
        tags=contact.tags,
    )


def tag_names(tags: list[Tag]) -> wire.TagNames:
    return wire.TagNames(data=[tag.name for tag in tags])


def variable_out(value: FieldValue, fields: Known = _NONE) -> wire.VariableOut:
    """A variable's value; its ``id`` is the variable's (the vendor shows the two equal)."""
    shown = shown_id(fields, value.field.id)
    return wire.VariableOut(
        id=shown,
        name=value.field.name,
        value=value.value,
        deletable=value.deletable,
        variable=wire.VariableRef(id=shown, name=value.field.name),
    )


def variables(values: list[FieldValue], fields: Known = _NONE) -> wire.Variables:
    return wire.Variables(data=[variable_out(value, fields) for value in values])


def account_out(
    organization: Organization, bots: list[Bot], known: Known = _NONE
) -> wire.AccountData:
    return wire.AccountData(
        data=wire.AccountOut(
            id=organization.id,
            name=organization.name,
            created_at=timestamp(organization.created_at),
            bots=[wire.BotOut(id=shown_id(known, bot.id), name=bot.name) for bot in bots],
        )
    )


def page_url(path: str, kept: Mapping[str, str], page: int) -> str:
    return f"{path}?{urlencode({**kept, 'page': str(page)})}"


def contact_page(
    contacts: list[Contact],
    *,
    total: int,
    page: int,
    per_page: int,
    path: str,
    kept: Mapping[str, str],
    bots: Known = _NONE,
) -> wire.ContactPage:
    """A Laravel resource collection: ``data``, ``links`` (with the request's filters, never its
    token) and ``meta``."""
    last_page = max(1, math.ceil(total / per_page))
    first_row = (page - 1) * per_page + 1
    return wire.ContactPage(
        data=[contact_out(contact, bots) for contact in contacts],
        links=wire.Links(
            first=page_url(path, kept, 1),
            last=page_url(path, kept, last_page),
            prev=page_url(path, kept, page - 1) if page > 1 else None,
            next=page_url(path, kept, page + 1) if page < last_page else None,
        ),
        meta=wire.Meta(
            current_page=page,
            from_=first_row if contacts else None,
            last_page=last_page,
            path=path,
            per_page=per_page,
            to=first_row + len(contacts) - 1 if contacts else None,
            total=total,
        ),
    )
