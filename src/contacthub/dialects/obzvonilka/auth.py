"""The dialer's credential: ``api_key`` as a query or body parameter, or the ``X-API-KEY``
header; "both work the same". The key is a contacthub API token of the organization.

A parameter is looked at first, the header second, as the vendor's Rails app reads
``params[:api_key] || request.headers["X-API-KEY"]``; then ``Authorization: Bearer <key>``,
which the documents do not name but a production integration sends. ``api_key`` and
``principal_of`` are the one rule, framework-free, for both lanes (Litestar's dependency here and
the hot lane's handlers in routes/contacts.py).
"""

from __future__ import annotations

from litestar.di import NamedDependency

from contacthub.core import tokens
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep, bearer_credential
from contacthub.dialects.obzvonilka.params import Params, read_params
from contacthub.errors import Unauthorized

API_KEY_HEADER = "X-API-KEY"
ParamsDep = NamedDependency[Params]


_PARAMS_KEY = "obzvonilka.params"


async def _params_once(request: AnyRequest) -> Params:
    state = request.scope.setdefault("state", {})
    params = state.get(_PARAMS_KEY)
    if params is None:
        params = state[_PARAMS_KEY] = await read_params(request)
    return params


async def provide_params(request: AnyRequest, principal: PrincipalDep) -> Params:
    # Declared after the principal (which reads them first) so that Litestar resolves the two
    # one after the other: two dependencies side by side cost a task group, ~30 us a request.
    return await _params_once(request)


def api_key(params: Params | None, header: str | None, authorization: str | None) -> str | None:
    """The key of the ``api_key`` parameter, else of the ``X-API-KEY`` header, else of an
    ``Authorization: Bearer`` header."""
    value = None if params is None else params.values.get("api_key")
    if isinstance(value, str) and value.strip():
        return value.strip()
    if header and header.strip():
        return header.strip()
    return bearer_credential(authorization)


async def provide_principal(request: AnyRequest, hub: HubDep) -> Principal:
    key = api_key(
        await _params_once(request),
        request.headers.get(API_KEY_HEADER),
        request.headers.get("authorization"),
    )
    return await principal_of(hub, key)


async def principal_of(hub: Hub, key: str | None) -> Principal:
    """The organization of an API key (``api_key`` found it), or the dialer's 401."""
    if key is None:
        raise Unauthorized("API key is required: pass api_key or the X-API-KEY header")
    try:
        return await tokens.authenticate(hub, key)
    except Unauthorized:
        raise Unauthorized("Invalid API key") from None
