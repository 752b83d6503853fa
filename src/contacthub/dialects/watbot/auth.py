"""Watbot's credential: ``api_token``, looked for where Laravel's token guard looks.

    ?api_token=... in the query  ->  api_token in the body (form or JSON)  ->  Authorization: Bearer

The first non-empty one is the organization's API token; none, or an unknown or revoked one, is
401 ``{"message": "Unauthenticated."}``. The request's parameters are read once, here, and handed
to the handler with the organization. ``principal_of`` is the one rule, framework-free: this
dependency and the hot lane's handlers (routes/variables.py) both call it.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.di import NamedDependency

from contacthub.core import tokens
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.dialects.http import AnyRequest, HubDep, bearer_credential
from contacthub.dialects.watbot.params import RequestParams, read_params

TOKEN_KEY = "api_token"  # noqa: S105 (a parameter name, not a secret)


class Call(msgspec.Struct, frozen=True, kw_only=True):
    """Who calls, and with which parameters."""

    principal: Principal
    params: dict[str, Any]

    @property
    def org_id(self) -> int:
        return self.principal.org_id


def token_of(params: RequestParams, authorization: str | None) -> str | None:
    """The token of the parameters, else of the ``Authorization`` header's value."""
    for candidate in (params.query.get(TOKEN_KEY), params.merged.get(TOKEN_KEY)):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return bearer_credential(authorization)


async def principal_of(hub: Hub, params: RequestParams, authorization: str | None) -> Principal:
    """The organization of the request's token (Unauthorized if none or unknown)."""
    return await tokens.authenticate(hub, token_of(params, authorization))


async def provide_call(request: AnyRequest, hub: HubDep) -> Call:
    params = await read_params(request)
    principal = await principal_of(hub, params, request.headers.get("authorization"))
    return Call(principal=principal, params=params.merged)


CallDep = NamedDependency[Call]
