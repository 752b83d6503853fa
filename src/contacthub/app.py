"""``create_app(settings)``: the ASGI app, with every dialect's router on its vendor's own paths.

    /api/hub/v1/...            native REST API (OpenAPI at /openapi.json, docs at /docs)
    /healthz /readyz /metrics  database reachable; database + schema current; Prometheus
    ...and each vendor dialect under its vendor's paths (they do not collide)

Requests that match no route get a 404/405 in the envelope of the dialect whose paths they are
under, so a client never sees another vendor's error shape.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, MediaType, Response, Router, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from contacthub import __version__, control
from contacthub.api_docs import (
    VENDOR_DOCS_PATH,
    swagger_render_plugin,
    swagger_ui_assets,
    vendor_documents,
)
from contacthub.config import Settings
from contacthub.core import maintenance
from contacthub.core.scope import Env, Hub
from contacthub.core.webhooks.worker import webhook_worker
from contacthub.db.factory import database_for
from contacthub.db.migrate import applied_revision, head_revision
from contacthub.dialects import Dialect, unrouted
from contacthub.dialects.hot import HotContext
from contacthub.dialects.http import AnyRequest, HubDep, HubRequest, provide_hub
from contacthub.dialects.native import native_dialect
from contacthub.dialects.obzvonilka import obzvonilka_dialect
from contacthub.dialects.plusofon import plusofon_dialect
from contacthub.dialects.public_urls import UrlPolicy
from contacthub.dialects.twin import twin_dialect
from contacthub.dialects.watbot import watbot_dialect
from contacthub.errors import Unavailable
from contacthub.openapi_document import ClosedStructs
from contacthub.server import stack
from contacthub.server.allowed_methods import allowed_methods
from contacthub.server.logs import configure_logging
from contacthub.server.metrics import metrics_payload
from contacthub.ui import ui_router

logger = logging.getLogger("contacthub")


def default_dialects() -> list[Dialect]:
    # Order matters only for unrouted paths: the first dialect that claims one renders its 404.
    return [
        native_dialect(),
        obzvonilka_dialect(),
        twin_dialect(),
        plusofon_dialect(),
        watbot_dialect(),
    ]


@get("/healthz", include_in_schema=False, media_type=MediaType.JSON)
async def healthz(hub: HubDep) -> Response[dict[str, str]]:
    """200 when the database answers, 503 when it does not (then back to 200 by itself: the
    process reconnects, so a supervisor should alert on this, not restart on it)."""
    try:
        await hub.db.ping()
    except Unavailable as error:
        return Response({"status": "unavailable", "detail": error.message}, status_code=503)
    return Response({"status": "ok"})


@get("/readyz", include_in_schema=False, media_type=MediaType.JSON)
async def readyz(hub: HubDep) -> Response[dict[str, str | None]]:
    """Readiness: 200 when the database answers and its schema is this version's newest
    migration; 503 otherwise (with why), until it answers again."""
    expected = head_revision()
    try:
        applied = await applied_revision(hub.db)
    except Unavailable as error:
        return Response({"status": "unavailable", "detail": error.message}, status_code=503)
    if applied != expected:
        body = {"status": "schema_mismatch", "applied": applied, "expected": expected}
        return Response(body, status_code=503)
    return Response({"status": "ok", "schema": applied})


@get("/metrics", include_in_schema=False)
async def metrics() -> Response[bytes]:
    """Prometheus metrics: requests, latency and errors by dialect."""
    payload, content_type = metrics_payload()
    return Response(payload, media_type=content_type)


SYSTEM_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"})
SYSTEM_PREFIXES = ("/docs/", f"{VENDOR_DOCS_PATH}/")


def _dialect_namer(dialects: Sequence[Dialect]) -> Callable[[str], str]:
    def dialect_of(path: str) -> str:
        if path in SYSTEM_PATHS or path.startswith(SYSTEM_PREFIXES):
            return "system"
        if path == "/ui" or path.startswith("/ui/"):
            return "ui"  # the web interface (contacthub.ui)
        for dialect in dialects:
            if dialect.claims(path):
                return dialect.name
        return "unknown"

    return dialect_of


def _unrouted_handler(dialects: Sequence[Dialect]) -> Any:
    def handle(request: AnyRequest, error: Exception) -> Response[Any]:
        dialect = unrouted.owner(dialects, request.url.path, request.headers, request.url.query)
        if dialect is not None:
            return dialect.render_error(request, error)
        status = getattr(error, "status_code", 404)
        return Response({"detail": getattr(error, "detail", "Not Found")}, status_code=status)

    return handle


def _in_openapi_or_not(dialect: Dialect) -> Router:
    """The dialect's router, left out of /openapi.json unless the dialect says it belongs there."""
    if dialect.openapi:
        return dialect.router
    return Router("/", route_handlers=[dialect.router], include_in_schema=False)


def create_app(
    settings: Settings,
    *,
    env: Env | None = None,
    hub: Hub | None = None,
    dialects: Sequence[Dialect] | None = None,
    hot_lane: bool = True,
) -> Litestar:
    """Build the app. With ``hub`` given, the caller owns its database connection (tests share
    one with their factories); otherwise the app connects on startup and closes on shutdown.
    ``hot_lane=False`` sends every request through Litestar (tests compare the two lanes)."""
    chosen = list(dialects) if dialects is not None else default_dialects()
    owns_hub = hub is None
    if hub is None:
        hub = Hub(database_for(settings), env or Env(region=settings.default_region))
    the_hub = hub

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        chores: asyncio.Task[None] | None = None
        if owns_hub:
            await the_hub.db.connect()
            retention = maintenance.Retention(
                events_days=settings.events_retention_days, restore_days=settings.restore_days
            )
            chores = asyncio.create_task(maintenance.run_forever(the_hub, retention))
        delivery: asyncio.Task[None] | None = None
        if owns_hub and settings.webhook_delivery_in_server:
            delivery = asyncio.create_task(webhook_worker(the_hub, settings).run_forever())
        try:
            yield
        finally:
            for task in (chores, delivery):
                if task is not None:
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
            if owns_hub:
                await the_hub.db.close()

    unrouted = _unrouted_handler(chosen)
    urls = UrlPolicy.from_settings(settings)
    app = Litestar(
        route_handlers=[
            healthz,
            readyz,
            metrics,
            swagger_ui_assets,
            *vendor_documents(chosen, __version__),  # /openapi/<vendor>.json (vendor_docs)
            *(_in_openapi_or_not(dialect) for dialect in chosen),
            *control.routers(settings),  # control plane (issue 22): /_contacthub/ when enabled
            ui_router(),
        ],
        dependencies={"hub": Provide(provide_hub, sync_to_thread=False)},
        state=State({"hub": the_hub, "settings": settings, "url_policy": urls}),
        lifespan=[lifespan],
        exception_handlers={NotFoundException: unrouted, MethodNotAllowedException: unrouted},
        middleware=[allowed_methods],
        plugins=[ClosedStructs()],
        request_max_body_size=settings.max_body_bytes,
        request_class=HubRequest,
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
                swagger_render_plugin(chosen),
            ],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", description="API token")
                }
            ),
            use_handler_docstrings=True,
        ),
        debug=False,
        # Litestar's default LoggingConfig re-configures the root logger when the app starts,
        # replacing the JSON lines of configure_logging() with its own text format.
        logging_config=None,
    )
    context = HotContext(the_hub, settings, urls)
    router = app.asgi_router if hot_lane else None
    app.asgi_handler = stack.around(app.asgi_handler, _dialect_namer(chosen), context, router)
    # control plane (issue 22): outermost, so it sees what the hot lane answers too.
    control.install(app, settings, the_hub, chosen)
    return app


def app_from_env() -> Litestar:
    """The app configured from the environment: uvicorn's factory for ``serve --workers N``."""
    settings = Settings()
    configure_logging(
        settings.log_level, access_log_enabled=settings.access_log, log_format=settings.log_format
    )
    app = create_app(settings)
    # The app's own objects (routes, schemas, models, libraries: ~165,000) live as long as the
    # process. Frozen, they are out of the cycle collector's way, and a full collection scans
    # only what requests made: streaming a 100,000-number Plusofon list ran five of them, up to
    # 187 ms each with the app tracked, 0.3 ms frozen (bench/RESULTS.md, 2026-12-07 third pass).
    gc.collect()
    gc.freeze()
    return app
