"""Request plumbing that every dialect shares."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from litestar import Request, Response
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import ClientException

from contacthub.config import Settings
from contacthub.core import json_input, sessions, tokens
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionPolicy
from contacthub.dialects.error_tables import JSON, ErrorAnswer, ErrorRenderer, ErrorRequest
from contacthub.dialects.public_urls import UrlPolicy

AnyRequest = Request[Any, Any, Any]
# Handler parameters filled by name from the app's (``hub``) and the dialect's (``principal``)
# dependencies.
HubDep = NamedDependency[Hub]
PrincipalDep = NamedDependency[Principal]


class HubRequest(Request[Any, Any, Any]):
    """Litestar's request, whose JSON body (the native API's) is bounded in depth like the
    other dialects' (json_input): 1,000 levels made msgspec's decoder raise RecursionError.
    The body is read once; ``body()`` answers it again from the request's state."""

    async def json(self) -> Any:
        try:
            value = await super().json()
            json_input.check_depth(await self.body(), value)
        except (RecursionError, json_input.TooDeep):
            raise ClientException(str(json_input.TooDeep())) from None
        return value


class ErrorHandler:
    """A dialect's Litestar exception handler: its framework-free ``render`` (the one the hot
    lane and the control plane call too), the answer wrapped into a Response."""

    __slots__ = ("render",)

    def __init__(self, render: ErrorRenderer) -> None:
        self.render = render

    def __call__(self, request: AnyRequest, error: Exception) -> Response[bytes]:
        return error_response(self.render(error_request(request), error))


def error_request(request: AnyRequest) -> ErrorRequest:
    """The view of a Litestar request that error rendering reads."""
    return ErrorRequest(request.method, request.url.path)


def error_response(answer: ErrorAnswer) -> Response[bytes]:
    """An error's answer as a Litestar Response: the same headers in the same order (the
    content type last, the length after it), the body as it was encoded."""
    status, headers, body = answer
    named = dict(headers)
    return Response(
        body, status_code=status, headers=named, media_type=named.get("content-type", JSON)
    )


def provide_hub(state: State) -> Hub:
    """The app's Hub (database + environment), as a Litestar dependency."""
    return cast(Hub, state.hub)


def bearer_token(request: AnyRequest) -> str | None:
    """The credential of ``Authorization: Bearer <token>`` (scheme case-insensitive)."""
    return bearer_credential(request.headers.get("authorization"))


def bearer_credential(header: str | None) -> str | None:
    """The token of an ``Authorization`` header's value, if its scheme is Bearer."""
    if not header:
        return None
    scheme, _, credential = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credential.strip() or None


def public_base_url(request: AnyRequest) -> str:
    """``http://host/`` for absolute URLs in an answer, by the app's rule (public_urls)."""
    return cast(UrlPolicy, request.app.state.url_policy).base_url(request.scope)


def session_policy(settings: Settings) -> SessionPolicy:
    """How login sessions are issued (TWIN's and Plusofon's logins), from the app's settings."""
    return SessionPolicy(
        key=settings.signing_key(),
        attempts_per_minute=settings.login_attempts_per_minute,
        attempts_ceiling=settings.login_attempts_ceiling_per_minute,
        default_ttl=timedelta(seconds=settings.twin_token_ttl_seconds),
        reuse_grace=timedelta(seconds=settings.refresh_reuse_grace_seconds),
    )


async def login_or_api_principal(hub: Hub, policy: SessionPolicy, token: str | None) -> Principal:
    """The principal of a dialect that has a login (TWIN, Plusofon): an organization's API token
    (``chk_...``) or a login session's access token."""
    if token is not None and token.startswith(tokens.TOKEN_PREFIX):
        return await tokens.authenticate(hub, token)
    return await sessions.authenticate(hub, policy, token)


def client_address(request: AnyRequest) -> str:
    client = request.client
    return client.host if client is not None else "unknown"
