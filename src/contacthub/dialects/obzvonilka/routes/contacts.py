"""/api/contact_bases/{id}/contacts: the contacts of one base.

A contact is under a base's path only while it is in that base: another base's contact answers
404 there, exactly like an id that does not exist. The base and the contact in a path are
Obzvonilka ids where the records have them (core.vendor_ids, system ``obzvonilka``: one
statement a request resolves both), and so are the contacts' ids in answers and Location.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import msgspec
from litestar import MediaType, Response, get, patch, post, put
from litestar.params import FromPath
from litestar.response import Stream

from contacthub.core import bases, contacts, vendor_ids
from contacthub.core.contacts import Contact, ContactFilter
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub, Scope
from contacthub.dialects.hot import HotAnswer, HotContext, HotRequest, hot_read, hot_write
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep, public_base_url
from contacthub.dialects.obzvonilka import mapping
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.auth import ParamsDep, api_key, principal_of
from contacthub.dialects.obzvonilka.params import (
    Params,
    media_type,
    merged,
    query_params,
    read_body,
    record_id,
    require,
    without_format,
)
from contacthub.errors import NotFound

_CONTACTS = "/contact_bases/{base_ref:str}/contacts"
_CONTACT = _CONTACTS + "/{contact_ref:str}"
_encoder = msgspec.json.Encoder()
# Contacts read and encoded on the event loop at a time: a small request needs several turns of
# the loop and each waited for a page. By 500 (~8 ms a page) a GET by id beside the whole 1M base
# had a p99 of 240-365 ms; by 100, 16 ms (bench/big_answers.py).
_STREAM_PAGE = 100


async def _base_id(s: Scope, base_ref: str) -> int:
    """The hub id of the base a path names (its Obzvonilka id where it has one)."""
    wanted = [("base", record_id(base_ref))]
    (base_id,), _ = await vendor_ids.resolve_numbers(s, mapping.SYSTEM, wanted)
    return base_id


async def _contact_in_base(s: Scope, base_ref: str, contact_ref: str) -> Contact:
    written = record_id(base_ref)
    wanted = [("base", written), ("contact", record_id(contact_ref))]
    (base_id, contact_id), _ = await vendor_ids.resolve_numbers(s, mapping.SYSTEM, wanted)
    contact = await contacts.get_contact(s, contact_id)
    if contact.base_id != base_id:
        raise NotFound(f"contact {contact_ref} is not in contact base {written}")
    return contact


def _values(params: Params) -> dict[str, str | None]:
    # Parsed after the records are found: Rails answers 404 before it looks at the body.
    return mapping.contact_values(require(params, "contact", wire.CONTACT_ATTRIBUTES))


async def _json_array(hub: Hub, org_id: int, base_id: int) -> AsyncIterator[bytes]:
    # A base may hold many thousands of contacts: each page is read in its own short unit of
    # work and sent at once, so neither the memory nor the connection is held for the whole list.
    where = ContactFilter(base_id=base_id)
    cursor: str | None = None
    separator = b""
    yield b"["
    while True:
        async with hub.reading(org_id) as s:
            page = await contacts.list_contacts(s, where, limit=_STREAM_PAGE, cursor=cursor)
        if page.items:
            items = (_encoder.encode(mapping.contact_out(contact)) for contact in page.items)
            yield separator + b",".join(items)
            separator = b","
        cursor = page.next_cursor
        if cursor is None:
            break
        # A turn for the other requests between pages (see core.bulk.exports.export_pages):
        # SQLite's reads run on the event loop, and the whole base is a million rows long.
        await asyncio.sleep(0)
    yield b"]"


@get([f"{_CONTACTS}.json", _CONTACTS])
async def list_contacts(hub: HubDep, principal: PrincipalDep, base_ref: FromPath[str]) -> Stream:
    """Every contact of the base, as a bare array by id (streamed page by page)."""
    async with hub.reading(principal.org_id) as s:
        base_id = await _base_id(s, base_ref)
        await bases.get_base(s, base_id)
    return Stream(_json_array(hub, principal.org_id, base_id), media_type=MediaType.JSON)


async def hot_contact(context: HotContext, request: HotRequest) -> wire.ContactOut:
    """GET a contact of a base in the hot lane (no query string: the key is in a header)."""
    key = api_key(None, request.header(b"x-api-key"), request.header(b"authorization"))
    principal = await principal_of(context.hub, key)
    base_ref, contact_ref = request.params["base_ref"], request.params["contact_ref"]
    return await read_contact(context.hub, principal.org_id, base_ref, contact_ref)


@get(_CONTACT, opt=hot_read(hot_contact))
async def get_contact(
    hub: HubDep, principal: PrincipalDep, base_ref: FromPath[str], contact_ref: FromPath[str]
) -> wire.ContactOut:
    """One contact of the base by id (``/api/contact_bases/1/contacts/22.json``)."""
    return await read_contact(hub, principal.org_id, base_ref, contact_ref)


async def read_contact(hub: Hub, org_id: int, base_ref: str, contact_ref: str) -> wire.ContactOut:
    """One contact of a base on the wire (in Litestar and in the hot lane)."""
    async with hub.reading(org_id) as s:
        contact = await _contact_in_base(s, base_ref, contact_ref)
    return mapping.contact_out(contact)


@get(_CONTACTS + "/find_by_external/{code:str}")
async def find_by_external(
    hub: HubDep, principal: PrincipalDep, base_ref: FromPath[str], code: FromPath[str]
) -> wire.ContactOut:
    """The base's oldest contact with this external code (``.../find_by_external/A1.json``)."""
    async with hub.reading(principal.org_id) as s:
        base_id = await _base_id(s, base_ref)
        await bases.get_base(s, base_id)
        contact = await contacts.find_by_external_code(s, without_format(code), base_id=base_id)
    return mapping.contact_out(contact)


@dataclass(frozen=True, slots=True)
class NewContact:
    """A hot POST of a contact, read and not yet written."""

    base_ref: str
    params: Params
    key: str | None
    base_url: str


def prepare_contact(request: HotRequest) -> NewContact | None:
    """The parameters and key of a POST of a contact; None for multipart (Litestar's form
    parser reads it). Pure: a malformed body raises here, before anything is written."""
    body = read_body(media_type(request.header(b"content-type")), request.body)
    if body is None:
        return None
    params = merged(query_params(request.query), body)
    key = api_key(params, request.header(b"x-api-key"), request.header(b"authorization"))
    return NewContact(request.params["base_ref"], params, key, request.base_url)


async def run_contact(context: HotContext, call: NewContact) -> HotAnswer:
    """The write of a prepared POST of a contact: 201, with its URL in Location."""
    principal = await principal_of(context.hub, call.key)
    path, contact = await add_contact(context.hub, principal, call.base_ref, call.params)
    return HotAnswer(contact, 201, ((b"location", (call.base_url + path).encode("latin-1")),))


@post([f"{_CONTACTS}.json", _CONTACTS], opt=hot_write(prepare_contact, run_contact))
async def create_contact(
    request: AnyRequest,
    hub: HubDep,
    principal: PrincipalDep,
    params: ParamsDep,
    base_ref: FromPath[str],
) -> Response[wire.ContactOut]:
    """Add a contact to the base from ``contact[...]`` form fields or ``{"contact": {...}}``."""
    path, contact = await add_contact(hub, principal, base_ref, params)
    location = public_base_url(request) + path
    return Response(contact, status_code=201, headers={"Location": location})


async def add_contact(
    hub: Hub, principal: Principal, base_ref: str, params: Params
) -> tuple[str, wire.ContactOut]:
    """A new contact of the base on the wire, and its path under the base URL (in Litestar and
    in the hot lane). Mapped before the unit of work ends: once it is committed, nothing fails."""
    async with hub.writing(principal) as s:
        base_id = await _base_id(s, base_ref)
        await bases.get_base(s, base_id)
        draft = mapping.contact_draft(_values(params))
        draft.base_id = base_id
        contact = await contacts.create_contact(s, draft, strict_phones=False)
        answer = mapping.contact_out(contact)
    # The base as the path named it: its Obzvonilka id where it has one (a new contact has none).
    return f"api/contact_bases/{record_id(base_ref)}/contacts/{answer.id}.json", answer


async def _update(
    hub: Hub, principal: Principal, params: Params, base_ref: str, contact_ref: str
) -> wire.ContactOut:
    async with hub.writing(principal) as s:
        current = await _contact_in_base(s, base_ref, contact_ref)
        draft = mapping.contact_draft(_values(params), current)
        contact = await contacts.update_contact(s, current.id, draft, strict_phones=False)
    return mapping.contact_out(contact)


@patch(_CONTACT)
async def patch_contact(
    hub: HubDep,
    principal: PrincipalDep,
    params: ParamsDep,
    base_ref: FromPath[str],
    contact_ref: FromPath[str],
) -> wire.ContactOut:
    """Change the attributes sent; the others, phones included, keep their values."""
    return await _update(hub, principal, params, base_ref, contact_ref)


@put(_CONTACT)
async def put_contact(
    hub: HubDep,
    principal: PrincipalDep,
    params: ParamsDep,
    base_ref: FromPath[str],
    contact_ref: FromPath[str],
) -> wire.ContactOut:
    """The same as PATCH, as Rails routes PUT to ``update``."""
    return await _update(hub, principal, params, base_ref, contact_ref)
