"""POST /api/v1/login: a user's e-mail and password for a Bearer token that expires.

The token is a login session of the core (core/sessions.py, as TWIN's login): only its hash is
stored, it expires (``token_expire``), and failed logins are limited per account and per address.
The vendor's refresh method is not public, so there is none here: a client logs in again.
"""

from __future__ import annotations

from typing import cast

from litestar import post

from contacthub.config import Settings
from contacthub.core import sessions, users
from contacthub.dialects.http import AnyRequest, HubDep, client_address, session_policy
from contacthub.dialects.plusofon import mapping, params
from contacthub.dialects.plusofon import schemas as wire
from contacthub.dialects.plusofon.auth import check_client
from contacthub.dialects.plusofon.errors import LOGIN_PATH
from contacthub.errors import Unauthorized


@post(LOGIN_PATH, status_code=200, security=[], tags=["plusofon: login"])
async def login(request: AnyRequest, hub: HubDep) -> wire.LoginOut:
    """Log in with e-mail and password (JSON): a token, its expiry and a refresh token."""
    settings = cast(Settings, request.app.state.settings)
    check_client(request.headers.get("client"), settings.plusofon_client_codes)
    email, password = params.login_input(await params.read_json_object(request))
    try:
        tokens = await sessions.log_in(
            hub, session_policy(settings), email, password, address=client_address(request)
        )
    except Unauthorized:
        raise Unauthorized("Неверный email или пароль", code="login_failed") from None
    async with hub.reading(tokens.org_id) as s:
        user = await users.get_user(s, tokens.user_id)
    return mapping.login_out(user, tokens)
