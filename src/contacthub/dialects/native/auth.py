"""The native API's credential: ``Authorization: Bearer <API token>``."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.core.principal import Principal
from contacthub.dialects.http import AnyRequest, HubDep, bearer_token


async def provide_principal(request: AnyRequest, hub: HubDep) -> Principal:
    return await tokens.authenticate(hub, bearer_token(request))
