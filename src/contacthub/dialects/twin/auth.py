"""TWIN's credential: ``Authorization: Bearer <token>`` from ``POST /api/v1/auth/login``.

The token is a session's JWT (core/sessions.py). An API token of the organization (``chk_...``)
works too, as in every dialect. The scheme may be left out (the vendor's SDK sends a bare token
on refresh), so a header of one word is taken as the token itself.
"""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency

from contacthub.config import Settings
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionPolicy
from contacthub.dialects.http import AnyRequest, HubDep, login_or_api_principal, session_policy

PolicyDep = NamedDependency[SessionPolicy]


def credential(authorization: str | None) -> str | None:
    """The token of an ``Authorization`` header's value: Bearer's, or a bare token."""
    header = (authorization or "").strip()
    if not header:
        return None
    scheme, _, rest = header.partition(" ")
    if not rest:
        return scheme
    return rest.strip() if scheme.lower() == "bearer" else header


def provide_policy(state: State, hub: HubDep) -> SessionPolicy:
    """How sessions are issued, from the app's settings."""
    # ``hub`` is not used: it orders this dependency after the app's hub, as Litestar runs two
    # dependencies that are ready together in an anyio task group (~30 us a request).
    del hub
    settings: Settings = state.settings
    return session_policy(settings)


async def provide_principal(request: AnyRequest, hub: HubDep, policy: PolicyDep) -> Principal:
    return await principal_of(hub, policy, request.headers.get("authorization"))


async def principal_of(hub: Hub, policy: SessionPolicy, authorization: str | None) -> Principal:
    """The caller of a request with this ``Authorization`` header: the one rule, framework-free."""
    return await login_or_api_principal(hub, policy, credential(authorization))
