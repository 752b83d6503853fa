"""The dialer's hot routes (see contacthub.dialects.hot): GET a contact of a base, POST one."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.dialects.hot import HotAnswer, HotContext, HotRequest, HotRoute, hot_routes
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.auth import api_key
from contacthub.dialects.obzvonilka.params import media_type, merged, query_params, read_body
from contacthub.dialects.obzvonilka.routes.contacts import add_contact, read_contact


async def get_contact(context: HotContext, request: HotRequest) -> wire.ContactOut | None:
    # Without a query string or a body, the key can only be in a header (auth.api_key).
    key = api_key(None, request.header(b"x-api-key"), request.header(b"authorization"))
    if key is None:
        return None
    principal = await tokens.authenticate(context.hub, key)
    return await read_contact(context.hub, principal.org_id, request.match[1], request.match[2])


async def create_contact(context: HotContext, request: HotRequest) -> HotAnswer | None:
    query = query_params(request.query)
    body = read_body(media_type(request.header(b"content-type")), request.body)
    if body is None:
        return None  # multipart: Litestar's form parser
    params = merged(query, body)
    key = api_key(params, request.header(b"x-api-key"), request.header(b"authorization"))
    if key is None:
        return None
    principal = await tokens.authenticate(context.hub, key)
    path, contact = await add_contact(context.hub, principal, request.match[1], params)
    location = (request.base_url + path).encode("latin-1")
    return HotAnswer(contact, 201, ((b"location", location),))


def obzvonilka_hot_routes(prefix: str) -> list[HotRoute]:
    contacts = "/contact_bases/([^/]+)/contacts"
    return [
        *hot_routes(prefix, [(contacts + "/([^/]+)", get_contact, False)]),
        *hot_routes(prefix, [(contacts + r"(?:\.json)?", create_contact, True)], "POST"),
    ]
