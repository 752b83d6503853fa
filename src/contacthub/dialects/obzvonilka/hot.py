"""The dialer's hot read (see contacthub.dialects.hot): GET a contact of a base."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.dialects.hot import HotContext, HotRequest, HotRoute, hot_routes
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.routes.contacts import read_contact


async def get_contact(context: HotContext, request: HotRequest) -> wire.ContactOut | None:
    # Without a query string or a body, the key can only be in the header (auth.api_key).
    key = (request.header(b"x-api-key") or "").strip()
    if not key:
        return None
    principal = await tokens.authenticate(context.hub, key)
    return await read_contact(context.hub, principal.org_id, request.match[1], request.match[2])


def obzvonilka_hot_routes(prefix: str) -> list[HotRoute]:
    return hot_routes(prefix, [("/contact_bases/([^/]+)/contacts/([^/]+)", get_contact, False)])
