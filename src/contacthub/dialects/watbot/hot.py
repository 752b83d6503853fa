"""Watbot's hot routes (see contacthub.dialects.hot): getContactVariables by GET with a query,
setContactVariable by POST."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.dialects.hot import HotAnswer, HotContext, HotRequest, HotRoute, hot_routes
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import token_of
from contacthub.dialects.watbot.params import (
    RequestParams,
    media_type,
    parse_urlencoded,
    read_body,
)
from contacthub.dialects.watbot.routes.variables import contact_variable_set, contact_variables


async def get_contact_variables(context: HotContext, request: HotRequest) -> wire.Variables | None:
    # No body here, so the merged parameters are the query's.
    query = parse_urlencoded(request.query, "query string")
    secret = token_of(RequestParams(query=query, merged=query), request.header(b"authorization"))
    if secret is None:
        return None
    principal = await tokens.authenticate(context.hub, secret)
    return await contact_variables(context.hub, principal.org_id, query)


async def set_contact_variable(context: HotContext, request: HotRequest) -> HotAnswer | None:
    query = parse_urlencoded(request.query, "query string")
    body = read_body(media_type(request.header(b"content-type")), request.body)
    if body is None:
        return None  # multipart: Litestar's form parser
    params = RequestParams(query=query, merged={**query, **body})
    secret = token_of(params, request.header(b"authorization"))
    if secret is None:
        return None
    principal = await tokens.authenticate(context.hub, secret)
    return HotAnswer(await contact_variable_set(context.hub, principal, params.merged))


def watbot_hot_routes(prefix: str) -> list[HotRoute]:
    return [
        *hot_routes(prefix, [("/getContactVariables", get_contact_variables, True)]),
        *hot_routes(prefix, [("/setContactVariable", set_contact_variable, True)], "POST"),
    ]
