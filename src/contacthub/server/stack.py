"""The layers around the Litestar app, outermost first, as ``create_app`` puts them:

    ObservabilityMiddleware   request id, metrics, access log (every request, every lane)
      ├─ HotLane              the dialects' hot routes, answered when they succeed plainly
      └─ SecurityHeaders      the security headers on everything else
           └─ Litestar        routing, the dialects' handlers, their error envelopes

The hot lane sits in front of the security headers (its answers carry them already, prebuilt)
and of Litestar; what it declines goes on to them.
"""

from __future__ import annotations

from collections.abc import Callable

from litestar._asgi.asgi_router import ASGIRouter
from litestar.types import ASGIApp

from contacthub.dialects.hot import HotContext
from contacthub.server.hot_lane import HotLane
from contacthub.server.observability import ObservabilityMiddleware
from contacthub.server.security_headers import SecurityHeadersMiddleware


def around(
    app: ASGIApp,
    dialect_of: Callable[[str], str],
    context: HotContext,
    router: ASGIRouter | None,
) -> ObservabilityMiddleware:
    """``app`` (Litestar's ASGI handler) inside the server's layers; the hot lane runs the
    handlers ``router`` (Litestar's) marks hot, and there is none without it or them."""
    handler = SecurityHeadersMiddleware(app)
    front = HotLane(handler, context, router) if router is not None else None
    if front is not None and not front.methods:
        front = None
    return ObservabilityMiddleware(handler, dialect_of, front)
