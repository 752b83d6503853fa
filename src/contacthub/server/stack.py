"""The layers around the Litestar app, outermost first, as ``create_app`` puts them:

    ObservabilityMiddleware   request id, metrics, access log (every request, every lane)
      ├─ HotLane              the dialects' hot routes, answered when they succeed plainly
      └─ SecurityHeaders      the security headers on everything else
           └─ Litestar        routing, the dialects' handlers, their error envelopes

The hot lane sits in front of the security headers (its answers carry them already, prebuilt)
and of Litestar; what it declines goes on to them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from litestar.types import ASGIApp

from contacthub.dialects.hot import HotContext, HotRoute
from contacthub.server.hot_lane import HotLane
from contacthub.server.observability import ObservabilityMiddleware
from contacthub.server.security_headers import SecurityHeadersMiddleware


def around(
    app: ASGIApp,
    dialect_of: Callable[[str], str],
    hot: Sequence[HotRoute],
    context: HotContext,
) -> ObservabilityMiddleware:
    """``app`` (Litestar's ASGI handler) inside the server's layers; no hot lane without
    ``hot`` routes."""
    handler = SecurityHeadersMiddleware(app)
    front = HotLane(handler, context, hot) if hot else None
    return ObservabilityMiddleware(handler, dialect_of, front)
