"""``create_app(settings)``: the ASGI app, with every dialect's router on its vendor's own paths.

    /api/hub/v1/...            native REST API (OpenAPI at /openapi.json, docs at /docs)
    /healthz                   200 when the database answers
    ...and each vendor dialect under its vendor's paths (they do not collide)

Requests that match no route get a 404/405 in the envelope of the dialect whose paths they are
under, so a client never sees another vendor's error shape.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, MediaType, Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from contacthub import __version__
from contacthub.config import Settings
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.dialects import Dialect
from contacthub.dialects.http import AnyRequest, HubDep, provide_hub
from contacthub.dialects.native import native_dialect
from contacthub.dialects.plusofon import plusofon_dialect
from contacthub.errors import Unavailable

logger = logging.getLogger("contacthub")


def default_dialects() -> list[Dialect]:
    return [native_dialect(), plusofon_dialect()]


@get("/healthz", include_in_schema=False, media_type=MediaType.JSON)
async def healthz(hub: HubDep) -> Response[dict[str, str]]:
    """200 when the database answers, 503 when it does not."""
    try:
        await hub.db.ping()
    except Unavailable as error:
        return Response({"status": "unavailable", "detail": error.message}, status_code=503)
    return Response({"status": "ok"})


def _unrouted_handler(dialects: Sequence[Dialect]) -> Any:
    def handle(request: AnyRequest, error: Exception) -> Response[Any]:
        for dialect in dialects:
            if dialect.claims(request.url.path):
                return dialect.render_error(request, error)
        status = getattr(error, "status_code", 404)
        return Response({"detail": getattr(error, "detail", "Not Found")}, status_code=status)

    return handle


def create_app(
    settings: Settings,
    *,
    env: Env | None = None,
    hub: Hub | None = None,
    dialects: Sequence[Dialect] | None = None,
) -> Litestar:
    """Build the app. With ``hub`` given, the caller owns its database connection (tests share
    one with their factories); otherwise the app connects on startup and closes on shutdown."""
    chosen = list(dialects) if dialects is not None else default_dialects()
    owns_hub = hub is None
    if hub is None:
        hub = Hub(database_for(settings), env or Env(region=settings.default_region))
    the_hub = hub

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if owns_hub:
            await the_hub.db.connect()
        try:
            yield
        finally:
            if owns_hub:
                await the_hub.db.close()

    unrouted = _unrouted_handler(chosen)
    return Litestar(
        route_handlers=[healthz, *(dialect.router for dialect in chosen)],
        dependencies={"hub": Provide(provide_hub, sync_to_thread=False)},
        state=State({"hub": the_hub, "settings": settings}),
        lifespan=[lifespan],
        exception_handlers={NotFoundException: unrouted, MethodNotAllowedException: unrouted},
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="contacthub",
            version=__version__,
            description=(
                "One contact store behind the Watbot, Obzvonilka, TWIN and Plusofon APIs. "
                "This is its own API; authenticate with `Authorization: Bearer <API token>`."
            ),
            path="/",
            render_plugins=[
                JsonRenderPlugin(path="/openapi.json"),
                SwaggerRenderPlugin(path="/docs"),
            ],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", description="API token")
                }
            ),
            use_handler_docstrings=True,
        ),
        debug=False,
    )


def app_from_env() -> Litestar:
    """The app configured from the environment: uvicorn's factory for ``serve --workers N``."""
    return create_app(Settings())
