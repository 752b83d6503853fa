"""The native API's credential: ``Authorization: Bearer <API token>``.

``principal_of`` is the one rule, framework-free: Litestar's dependency and the hot lane's
handlers (``opt=hot_read(...)`` on the routes) both call it.
"""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.dialects.http import AnyRequest, HubDep, bearer_credential


async def principal_of(hub: Hub, authorization: str | None) -> Principal:
    """The organization of the ``Authorization`` header's API token (Unauthorized if none)."""
    return await tokens.authenticate(hub, bearer_credential(authorization))


async def provide_principal(request: AnyRequest, hub: HubDep) -> Principal:
    return await principal_of(hub, request.headers.get("authorization"))
