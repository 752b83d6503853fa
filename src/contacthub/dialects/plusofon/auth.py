"""Plusofon's credential: ``Authorization: Bearer <token>`` names the organization; the ``Client``
header is the vendor's application code (``10553`` for every customer), required and checked
against ``Settings.plusofon_client_codes`` before the token is looked up. The token is an API
token of the organization (``chk_...``) or one from ``POST /api/v1/login`` (a session's JWT).
``principal_of`` is the one rule, framework-free: Litestar's dependency and the hot lane call it."""

from __future__ import annotations

import hmac
from typing import cast

from contacthub.config import Settings
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.dialects.http import (
    AnyRequest,
    HubDep,
    bearer_credential,
    login_or_api_principal,
    session_policy,
)
from contacthub.errors import Invalid, Unauthorized


def _accepted(code: str, accepted: list[str]) -> bool:
    # The codes are no secret (the error names them), but every credential-like comparison
    # here is constant-time and checks every code, so there is one rule to audit, not one per
    # header (tests/reliability/test_security.py spies on it).
    given = code.encode()
    return sum(hmac.compare_digest(given, each.encode()) for each in accepted) > 0


def check_client(header: str | None, accepted: list[str]) -> None:
    """Refuse a request whose ``Client`` header is missing or not an accepted code."""
    code = (header or "").strip()
    if not code:
        raise Invalid(
            f"Не передан заголовок Client: код приложения ({', '.join(accepted)})",
            code="client_missing",
        )
    if not _accepted(code, accepted):
        raise Invalid(
            f"Неизвестный код приложения в заголовке Client: {code[:32]!r}"
            f" (ожидается {', '.join(accepted)})",
            code="client_unknown",
        )


async def provide_principal(request: AnyRequest, hub: HubDep) -> Principal:
    settings = cast(Settings, request.app.state.settings)
    headers = request.headers
    return await principal_of(hub, settings, headers.get("client"), headers.get("authorization"))


async def principal_of(
    hub: Hub, settings: Settings, client: str | None, authorization: str | None
) -> Principal:
    """The caller of a request with these ``Client`` and ``Authorization`` headers."""
    check_client(client, settings.plusofon_client_codes)
    secret = bearer_credential(authorization)
    if secret is None:
        raise Unauthorized("Не передан токен: нужен заголовок Authorization: Bearer <токен>")
    try:
        return await login_or_api_principal(hub, session_policy(settings), secret)
    except Unauthorized as error:
        if error.code == "token_expired":
            raise Unauthorized("Срок действия токена истёк: войдите снова") from None
        raise Unauthorized("Токен неизвестен или отозван") from None
