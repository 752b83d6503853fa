"""The dialer's credential: ``api_key`` as a query or body parameter, or the ``X-API-KEY``
header; "both work the same". The key is a contacthub API token of the organization.

A parameter is looked at first, the header second, as the vendor's Rails app reads
``params[:api_key] || request.headers["X-API-KEY"]``.
"""

from __future__ import annotations

from litestar.di import NamedDependency

from contacthub.core import tokens
from contacthub.core.principal import Principal
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep
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


def api_key(params: Params, header: str | None) -> str | None:
    """The key of the ``api_key`` parameter, else of the ``X-API-KEY`` header's value."""
    value = params.values.get("api_key")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return header.strip() if header and header.strip() else None


async def provide_principal(request: AnyRequest, hub: HubDep) -> Principal:
    key = api_key(await _params_once(request), request.headers.get(API_KEY_HEADER))
    if key is None:
        raise Unauthorized("API key is required: pass api_key or the X-API-KEY header")
    try:
        return await tokens.authenticate(hub, key)
    except Unauthorized:
        raise Unauthorized("Invalid API key") from None
