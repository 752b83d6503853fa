"""Watbot's hot read (see contacthub.dialects.hot): getContactVariables by GET with a query."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.dialects.hot import HotContext, HotRequest, HotRoute, hot_routes
from contacthub.dialects.http import bearer_credential
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import TOKEN_KEY
from contacthub.dialects.watbot.params import parse_urlencoded
from contacthub.dialects.watbot.routes.variables import contact_variables


async def get_contact_variables(context: HotContext, request: HotRequest) -> wire.Variables | None:
    # No body here, so the merged parameters are the query's (auth.token_of's order).
    params = parse_urlencoded(request.query, "query string")
    token = params.get(TOKEN_KEY)
    if isinstance(token, str) and token.strip():
        secret: str | None = token.strip()
    else:
        secret = bearer_credential(request.header(b"authorization"))
    if secret is None:
        return None
    principal = await tokens.authenticate(context.hub, secret)
    return await contact_variables(context.hub, principal.org_id, params)


def watbot_hot_routes(prefix: str) -> list[HotRoute]:
    return hot_routes(prefix, [("/getContactVariables", get_contact_variables, True)])
