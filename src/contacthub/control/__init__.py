"""The control plane: what integrators' test suites drive, at ``/_contacthub/``.

    /_contacthub/orgs[/{id}[/reset|/seed]]     organizations in milliseconds (routes.py)
    /_contacthub/orgs/{id}/requests|faults|limits, /_contacthub/requests   (observe.py)
    /_contacthub/seed.schema.json              the seed document's JSON Schema (core/seed.py)

    client ─> ControlMiddleware (journal, faults, limits) ─> the server's own stack

Off unless ``CONTACTHUB_ADMIN_TOKEN`` is set: then ``install`` mounts the routes (guarded by that
token, RFC 9457 errors) and wraps the app in the middleware. Without it nothing here runs and
every ``/_contacthub/`` path is an unrouted 404. Journal and rules are kept in this process's
memory: a test server runs one worker.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Litestar, Router
from litestar.openapi.spec import SecurityScheme

from contacthub.config import Settings
from contacthub.control import observe, routes
from contacthub.control.guard import admin_only
from contacthub.control.journal import Journal
from contacthub.control.middleware import PREFIX, ControlMiddleware, ControlState
from contacthub.control.rules import Rules
from contacthub.core.scope import Hub
from contacthub.dialects import Dialect
from contacthub.dialects.http import session_policy
from contacthub.dialects.native.errors import render_error

ROUTES = [
    routes.create_org,
    routes.delete_org,
    routes.reset_org,
    routes.seed_org,
    routes.seed_schema,
    observe.org_requests,
    observe.clear_org_requests,
    observe.unowned_requests,
    observe.clear_unowned_requests,
    observe.add_fault,
    observe.list_faults,
    observe.remove_faults,
    observe.remove_fault,
    observe.add_limit,
    observe.list_limits,
    observe.remove_limits,
    observe.remove_limit,
]


def control_router() -> Router:
    """The control API's routes, behind the admin token, with problem+json errors."""
    return Router(
        path=PREFIX,
        route_handlers=ROUTES,
        guards=[admin_only],
        exception_handlers={Exception: render_error},
        tags=["control"],
        security=[{"admin": []}],
    )


def enabled(settings: Settings) -> bool:
    return settings.admin_token is not None


def routers(settings: Settings) -> list[Router]:
    """The control API's router when an admin token is set, else none."""
    return [control_router()] if enabled(settings) else []


def install(app: Litestar, settings: Settings, hub: Hub, dialects: Sequence[Dialect]) -> None:
    """Put the control middleware outermost, when an admin token is set; call it last."""
    if not enabled(settings):
        return
    state = ControlState(hub, session_policy(settings), dialects, Journal(), Rules())
    app.state["control"] = state
    components = app.openapi_config.components if app.openapi_config else None
    if components is not None and not isinstance(components, list):
        components.security_schemes = {
            **(components.security_schemes or {}),
            "admin": SecurityScheme(type="http", scheme="bearer", description="Admin token"),
        }
    app.asgi_handler = ControlMiddleware(app.asgi_handler, state)
