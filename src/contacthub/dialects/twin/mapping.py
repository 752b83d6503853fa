"""Domain objects <-> TWIN's wire shapes. Pure functions, no I/O.

Ids on TWIN's wire are strings: an attribute is its custom field's UUID, a client is its
contact's UUID; ``companyId`` is the organization's integer id. A field or contact that has a
TWIN id (``vendor_ids`` of the system ``twin``, a lower-case UUID as kept) is known by that id
instead (``Known``: record id -> TWIN id, from core.vendor_ids.dialect_ids_of).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeAlias

from contacthub.core.fields import Field, FieldValue
from contacthub.core.sessions import SessionTokens
from contacthub.dialects.twin import schemas as wire
from contacthub.errors import NotFound

SYSTEM = "twin"
# A kind's TWIN ids by record id (those records that have one).
Known: TypeAlias = Mapping[int, str]
_NONE: Known = {}
# The keys of a list's items, in their order: the wire Structs' fields (the OpenAPI document's).
ATTRIBUTE_KEYS: tuple[str, ...] = wire.AttributeItem.__struct_fields__
CLIENT_ATTRIBUTE_KEYS: tuple[str, ...] = wire.ClientAttributeItem.__struct_fields__
# Keys no two items of a list share (an organization's field names are unique): keyset paging.
UNIQUE_KEYS = ("id", "name")

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def path_uuid(text: str, what: str) -> str:
    """The UUID a path names, lower-cased. Anything else names nothing: ``NotFound``, not a
    validation error, so integer ids of other dialects do not leak through this one."""
    if not _UUID.fullmatch(text):
        raise NotFound(f"{what} {text} does not exist")
    return text.lower()


def tokens_out(tokens: SessionTokens) -> wire.TokensOut:
    return wire.TokensOut(token=tokens.access_token, refreshToken=tokens.refresh_token)


def value_text(value: str | int | float | bool) -> str:
    """An attribute value as stored: a JSON number becomes its text (``42`` -> ``"42"``), as
    Watbot's setContactVariable does, and ``true``/``false`` their JSON words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def twin_id(known: Known, record_id: int, uuid: str) -> str:
    """A record's TWIN id where it has one, its UUID otherwise."""
    return known.get(record_id, uuid)


def attribute_item(field: Field, company_id: int, fields: Known = _NONE) -> dict[str, Any]:
    return {
        "id": twin_id(fields, field.id, field.uuid),
        "companyId": company_id,
        "name": field.name,
    }


def client_attribute_item(
    value: FieldValue, client_id: str, company_id: int, fields: Known = _NONE
) -> dict[str, Any]:
    return {
        "id": twin_id(fields, value.field.id, value.field.uuid),
        "clientId": client_id,
        "companyId": company_id,
        "name": value.field.name,
        "value": value.value,
    }
