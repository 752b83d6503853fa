"""``OPTIONS`` answers list every method their path serves.

Litestar 2 gives a route an OPTIONS handler when it builds the route, and it builds a controller's
route once per handler added, keeping the first OPTIONS handler, which lists the methods known
then: ``OPTIONS /api/hub/v1/tags`` said ``Allow: OPTIONS, POST`` for a path that serves GET too
(litestar#4169, fixed in Litestar 3). This middleware runs after routing: a request that reached
such a handler is answered here, with the methods of the route the router chose, which are
complete (a 405's ``Allow`` comes from the same route, so the two agree). An OPTIONS handler a
route declares itself is left alone.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.routes import HTTPRoute
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Receive,
    Scope,
    Send,
)

# The function Litestar's HTTPRoute.create_options_handler wraps (its qualified name).
_LITESTARS_OPTIONS = "HTTPRoute.create_options_handler.<locals>.options_handler"


def allowed_methods(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        handler = scope.get("route_handler")
        fn = getattr(handler, "fn", None)
        if scope["type"] != ScopeType.HTTP or getattr(fn, "__qualname__", "") != _LITESTARS_OPTIONS:
            await app(scope, receive, send)
            return
        template = scope.get("path_template")
        methods = next(
            (
                route.methods
                for route in Litestar.from_scope(scope).routes
                if isinstance(route, HTTPRoute) and route.path_format == template
            ),
            None,
        )
        if methods is None:
            await app(scope, receive, send)
            return
        allow = ", ".join(sorted(methods)).encode()
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": 204,
            "headers": [(b"allow", allow)],
        }
        body: HTTPResponseBodyEvent = {
            "type": "http.response.body",
            "body": b"",
            "more_body": False,
        }
        await send(start)
        await send(body)

    return middleware
