"""What ``contacthub serve`` and ``contacthub demo`` share: their options, and running the server.

serve ──┐
        ├──> serving.serve_forever: migrate, then uvicorn with contacthub's protocol
demo ───┘
"""

from __future__ import annotations

import os
import secrets
import tempfile
from typing import Annotated

import typer
import uvicorn

from contacthub.cli.db import migrate_or_fail
from contacthub.cli.runtime import console, load_settings
from contacthub.server.http_limits import HeadLimits
from contacthub.server.logs import configure_logging
from contacthub.server.protocol import Utf8UrlHttpToolsProtocol

HostOption = Annotated[str, typer.Option("--host", help="Address to listen on")]
PortOption = Annotated[int, typer.Option("--port", help="Port to listen on")]


def serve_forever(host: str, port: int, workers: int) -> None:
    """Migrate, then run uvicorn (blocking). Workers are processes; each builds its own app."""
    settings = load_settings()
    configure_logging(
        settings.log_level, access_log_enabled=settings.access_log, log_format=settings.log_format
    )
    migrate_or_fail(settings.database_url)
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics here; /metrics in any worker sums them all.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="contacthub-metrics-")
    # Workers are started by uvicorn from an import string; they read the same environment.
    os.environ["CONTACTHUB_DATABASE_URL"] = settings.database_url
    if settings.jwt_secret is None:
        # One key for all workers, so a login made on one is good on the others.
        os.environ["CONTACTHUB_JWT_SECRET"] = secrets.token_urlsafe(48)
        console.print(
            "CONTACTHUB_JWT_SECRET is not set: login tokens end when this server stops.",
            style="yellow",
            highlight=False,
        )
    console.print(
        f"contacthub serving on [bold]http://{host}:{port}[/]"
        f" (docs: http://{host}:{port}/docs, database: {settings.database_url})",
        highlight=False,
    )
    uvicorn.run(
        "contacthub.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        log_config=None,  # keep the JSON logging configured above
        access_log=False,
        proxy_headers=False,
        # Vendor clients send raw UTF-8 in URLs (curl from PHP): see contacthub.server.protocol;
        # heads are bounded in size and time: contacthub.server.http_limits.
        http=Utf8UrlHttpToolsProtocol.with_limits(HeadLimits.from_settings(settings)),
    )
