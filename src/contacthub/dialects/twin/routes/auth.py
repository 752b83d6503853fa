"""/api/v1/auth: the IAM's login and token refresh (served beside the chat's paths)."""

from __future__ import annotations

import msgspec
from litestar import HttpMethod, Response, post, route
from litestar.datastructures import Cookie

from contacthub.core import sessions
from contacthub.core.ids import check_filter_id
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionTokens
from contacthub.dialects.http import AnyRequest, HubDep, client_address
from contacthub.dialects.twin import mapping, params
from contacthub.dialects.twin import schemas as wire
from contacthub.dialects.twin.auth import PolicyDep


def _answer(request: AnyRequest, hub: Hub, tokens: SessionTokens) -> Response[wire.TokensOut]:
    # Scripts written against the vendor read the tokens from these cookies as well. Each lives
    # as long as its token. Litestar's ``expires`` is seconds from now (a timestamp there was
    # the year 2083); Max-Age says the same to clients that read it first.
    secure = request.url.scheme == "https"
    now = hub.env.clock()
    cookies = []
    for name, value, expires in (
        ("token", tokens.access_token, tokens.access_expires_at),
        ("refresh_token", tokens.refresh_token, tokens.refresh_expires_at),
    ):
        seconds = max(0, int((expires - now).total_seconds()))
        cookies.append(
            Cookie(
                key=name,
                value=value,
                max_age=seconds,
                expires=seconds,
                path="/",
                httponly=True,
                secure=secure,
                samesite="lax",
            )
        )
    return Response(mapping.tokens_out(tokens), status_code=200, cookies=cookies)


@post("/auth/login", status_code=200, security=[])
async def login(request: AnyRequest, hub: HubDep, policy: PolicyDep) -> Response[wire.TokensOut]:
    """Log in with e-mail and password: a JWT (``exp`` claim) and a refresh token."""
    body = params.decode(await request.body(), wire.LoginIn)
    # A number no stored id can be is the client's error (422), not the driver's fault (a 500).
    check_filter_id("companyId", body.companyId)
    tokens = await sessions.log_in(
        hub,
        policy,
        body.email,
        body.password,
        address=client_address(request),
        ttl_seconds=body.ttl,
        # The SDK sends 0 or null for "no company chosen".
        org_id=body.companyId or None,
    )
    return _answer(request, hub, tokens)


@route("/auth/refresh", http_method=[HttpMethod.POST, HttpMethod.GET], status_code=200, security=[])
async def refresh(request: AnyRequest, hub: HubDep, policy: PolicyDep) -> Response[wire.TokensOut]:
    """Renew a session with its refresh token (JSON body, or query string as the SDK sends it);
    the same token again within the grace answers the same tokens."""
    # The query's texts become numbers; the body's JSON keeps its types, and wins.
    query = params.convert(dict(request.query_params), wire.RefreshQuery, strict=False)
    data: dict[str, object] = {
        k: v for k, v in msgspec.structs.asdict(query).items() if v is not None
    }
    data.update(params.json_object(await request.body()))
    body = params.convert(data, wire.RefreshIn)
    tokens = await sessions.refresh(hub, policy, body.refreshToken, ttl_seconds=body.ttl)
    return _answer(request, hub, tokens)
