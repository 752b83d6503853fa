"""The dialer's credential: ``api_key`` as a query or body parameter, or the ``X-API-KEY``
header; "both work the same". The key is a contacthub API token of the organization.

A parameter is looked at first, the header second, as the vendor's Rails app reads
``params[:api_key] || request.headers["X-API-KEY"]``.
"""

from __future__ import annotations

from litestar.di import NamedDependency

from contacthub.core import tokens
from contacthub.core.principal import Principal
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.dialects.obzvonilka.params import Params, read_params
from contacthub.errors import Unauthorized

API_KEY_HEADER = "X-API-KEY"
ParamsDep = NamedDependency[Params]


async def provide_params(request: AnyRequest) -> Params:
    return await read_params(request)


def api_key(request: AnyRequest, params: Params) -> str | None:
    value = params.values.get("api_key")
    if isinstance(value, str) and value.strip():
        return value.strip()
    header = request.headers.get(API_KEY_HEADER)
    return header.strip() if header and header.strip() else None


async def provide_principal(request: AnyRequest, hub: HubDep, params: ParamsDep) -> Principal:
    key = api_key(request, params)
    if key is None:
        raise Unauthorized("API key is required: pass api_key or the X-API-KEY header")
    try:
        return await tokens.authenticate(hub, key)
    except Unauthorized:
        raise Unauthorized("Invalid API key") from None
