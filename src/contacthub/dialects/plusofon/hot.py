"""Plusofon's hot read (see contacthub.dialects.hot): GET one list."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.dialects.hot import HotContext, HotRequest, HotRoute, hot_routes
from contacthub.dialects.http import bearer_credential
from contacthub.dialects.plusofon import schemas as wire
from contacthub.dialects.plusofon.auth import check_client
from contacthub.dialects.plusofon.routes.lists import read_list


async def get_list(context: HotContext, request: HotRequest) -> wire.ListDetail | None:
    check_client(request.header(b"client"), context.settings.plusofon_client_codes)
    secret = bearer_credential(request.header(b"authorization"))
    if secret is None or not secret.startswith(tokens.TOKEN_PREFIX):
        return None  # a login session's token: Litestar's lane checks it
    principal = await tokens.authenticate(context.hub, secret)
    return await read_list(context.hub, principal.org_id, request.match[1])


def plusofon_hot_routes(prefix: str) -> list[HotRoute]:
    # "types" is a route of its own (GET /types).
    return hot_routes(prefix, [("/(?!types$)([^/]+)", get_list, False)])
