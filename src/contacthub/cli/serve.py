"""``contacthub serve``: migrate the database, then serve every API on one port."""

from __future__ import annotations

from typing import Annotated

import typer

from contacthub.cli.demo import create_demo
from contacthub.cli.runtime import fail
from contacthub.cli.serving import HostOption, PortOption, serve_forever


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes")] = 1,
    demo: Annotated[bool, typer.Option("--demo", help="Create demo data first")] = False,
) -> None:
    """Migrate the database, then serve every API (native and the four vendors') on one port."""
    if demo:
        create_demo(host, port)
    if not 0 < port < 65536:
        fail(f"port {port} is not between 1 and 65535")
    serve_forever(host, port, workers)
