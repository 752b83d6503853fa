"""/api/v1/contact-lists: black and white lists, on the core's contact lists.

A number on any black list is blocked for the whole organization, whichever API asks. A list
in a path is its Plusofon id where it has one (core.vendor_ids, system ``plusofon``: one
statement a request), its hub id otherwise; answers show lists' ids so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from litestar import Controller, MediaType, Response, delete, get, post, put
from litestar.params import FromPath
from litestar.response import Stream

from contacthub.core import lists, vendor_ids
from contacthub.core.ids import storable, written_id
from contacthub.core.scope import Hub, Scope
from contacthub.dialects.hot import HotContext, HotRequest, hot_read
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep, public_base_url
from contacthub.dialects.plusofon import mapping, params
from contacthub.dialects.plusofon import schemas as wire
from contacthub.dialects.plusofon.auth import principal_of
from contacthub.dialects.plusofon.errors import PREFIX
from contacthub.errors import Invalid, NotFound


def _list_id(text: str) -> int:
    """The vendor's ``{contact_list_id}``; what is not an id is a list that does not exist."""
    number = written_id(text)
    if number is None or not storable(number):
        raise NotFound(f"contact list {text[:32]!r} does not exist")
    return number


async def _resolved(
    s: Scope, list_id: str, probe: tuple[str, ...] = ()
) -> tuple[int, frozenset[str]]:
    """The hub id of the list a path names (its Plusofon id where it has one)."""
    (number,), kinds = await vendor_ids.resolve_numbers(
        s, mapping.SYSTEM, [("list", _list_id(list_id))], probe=probe
    )
    return number, kinds


def _url(request: AnyRequest, suffix: str = "") -> str:
    return public_base_url(request).rstrip("/") + PREFIX + suffix


async def _checked(hub: Hub, body: dict[str, Any]) -> tuple[params.ListInput, lists.CleanEntries]:
    """The list a body describes with its numbers parsed, or one 400 naming every wrong field.
    The numbers are parsed outside the event loop and the unit of work: a 100,000-number list
    takes a second or two of CPU, which must hold neither the write lock nor the loop."""
    data, errors = params.list_input(body)
    cleaned = lists.clean_entries(hub.env.region, [])
    if data.contacts:
        try:
            cleaned = await asyncio.to_thread(lists.clean_entries, hub.env.region, data.contacts)
        except Invalid as error:
            params.entry_errors(errors, data, error)
    errors.check()
    return data, cleaned


# Entries of a list read (and encoded) at a time. A list of up to this many is one answer, as
# before; a longer one (a 100,000-number stop list is 4 MB) is streamed a page at a time, so
# neither the memory nor the event loop is held for the whole list.
STREAM_PAGE = 1000
_encoder = msgspec.json.Encoder()


async def read_list(hub: Hub, org_id: int, list_id: str) -> wire.ListDetail | None:
    """One list on the wire (in Litestar and in the hot lane); None for a list too long for one
    answer (``stream_list`` sends it)."""
    _list_id(list_id)  # not an id: 404 before the unit of work
    async with hub.reading(org_id) as s:
        number, kinds = await _resolved(s, list_id, ("list",))
        found = await lists.get_list(s, number, with_entries=False)
        entries, _ = await lists.entries_page(s, number, size=STREAM_PAGE + 1)
        if len(entries) > STREAM_PAGE:
            return None
        known = await vendor_ids.dialect_ids_of(s, mapping.SYSTEM, {"list": [number]}, among=kinds)
    return mapping.list_detail(
        msgspec.structs.replace(found, entries=entries), known.get("list", {})
    )


async def stream_list(hub: Hub, org_id: int, list_id: str) -> AsyncIterator[bytes]:
    """The same body as ``read_list``'s, a page of entries at a time: each page is read in its
    own short unit of work (like Obzvonilka's whole base), with a turn for the other requests
    between pages. A change made meanwhile may show in the pages not yet sent."""
    async with hub.reading(org_id) as s:
        number, _ = await _resolved(s, list_id)
        found = await lists.get_list(s, number, with_entries=False)
        known = await vendor_ids.dialect_ids(s, mapping.SYSTEM, "list", [number])
    # The envelope as msgspec writes it, cut around its empty "contacts": the same keys, order
    # and escaping as the one-piece answer.
    head, _, tail = _encoder.encode(mapping.list_detail(found, known)).partition(b'"contacts":[]')
    yield head + b'"contacts":['
    after, separator = -1, b""
    while True:
        async with hub.reading(org_id) as s:
            entries, after = await lists.entries_page(s, number, after=after, size=STREAM_PAGE)
        if not entries:
            break
        contacts = mapping.list_detail(msgspec.structs.replace(found, entries=entries)).contacts
        yield separator + b",".join(_encoder.encode(contact) for contact in contacts)
        separator = b","
        await asyncio.sleep(0)
    yield b"]" + tail


async def hot_list(context: HotContext, request: HotRequest) -> wire.ListDetail | None:
    """GET /contact-lists/{id} in the hot lane: the same credential rule, read and mapping;
    a list too long for one answer declines (Litestar's lane streams it)."""
    client, authorization = request.header(b"client"), request.header(b"authorization")
    principal = await principal_of(context.hub, context.settings, client, authorization)
    return await read_list(context.hub, principal.org_id, request.params["list_id"])


class ContactListController(Controller):
    path = "/"
    tags = ["plusofon: contact lists"]

    @get("/")
    async def list_lists(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep
    ) -> wire.ListPage:
        """The organization's lists by id, a Laravel page (`page`, `per_page`: query or JSON)."""
        body = await params.read_json_object(request)
        page, per_page, keep_per_page = params.page_request(request.query_params, body)
        async with hub.reading(principal.org_id) as s:
            total = await lists.count_lists(s)
            found = await lists.list_lists(s, offset=(page - 1) * per_page, limit=per_page)
            ids = [item.id for item in found]
            known = await vendor_ids.dialect_ids(s, mapping.SYSTEM, "list", ids)
        return mapping.list_page(
            found,
            total=total,
            page=page,
            per_page=per_page,
            path=_url(request),
            keep_per_page=keep_per_page,
            known=known,
        )

    @get("/types")
    async def list_types(self, principal: PrincipalDep) -> wire.ListTypes:
        """The types of list that can be created (black, white)."""
        return mapping.list_types()

    @get("/{list_id:str}", opt=hot_read(hot_list))
    async def get_list(
        self, hub: HubDep, principal: PrincipalDep, list_id: FromPath[str]
    ) -> Response[wire.ListDetail] | Stream:
        """One list with its contacts (name and phones); a long list is streamed."""
        found = await read_list(hub, principal.org_id, list_id)
        if found is None:
            return Stream(stream_list(hub, principal.org_id, list_id), media_type=MediaType.JSON)
        return Response(found)

    @post("/", status_code=201)
    async def create_list(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep
    ) -> Response[wire.Success]:
        """Create a list; its URL is in the `Location` header."""
        data, cleaned = await _checked(hub, await params.read_json_object(request))
        async with hub.writing(principal) as s:
            created = await lists.create_list(s, data.name, data.type, cleaned, with_entries=False)
        return Response(
            wire.Success(), status_code=201, headers={"Location": _url(request, f"/{created.id}")}
        )

    @put("/{list_id:str}", status_code=200)
    async def replace_list(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep, list_id: FromPath[str]
    ) -> wire.Success:
        """Replace name, type and all contacts in one transaction (no `contacts` key: kept)."""
        _list_id(list_id)  # not an id: 404 before the body is read
        data, cleaned = await _checked(hub, await params.read_json_object(request))
        if data.contacts is None:
            async with hub.writing(principal) as s:
                target, _ = await _resolved(s, list_id)
                await lists.rename_list(s, target, data.name, data.type)
            return wire.Success()
        async with hub.writing(principal) as s:
            target, _ = await _resolved(s, list_id)
            await lists.replace_list(s, target, data.name, data.type, cleaned, with_entries=False)
        return wire.Success()

    @delete("/{list_id:str}", status_code=200)
    async def delete_list(
        self, hub: HubDep, principal: PrincipalDep, list_id: FromPath[str]
    ) -> wire.Success:
        """Delete a list and its contacts."""
        _list_id(list_id)
        async with hub.writing(principal) as s:
            target, _ = await _resolved(s, list_id)
            await lists.delete_list(s, target)
        return wire.Success()
