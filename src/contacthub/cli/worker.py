"""``contacthub worker``: webhook delivery apart from the API processes.

Set ``CONTACTHUB_WEBHOOK_DELIVERY_IN_SERVER=false`` for the servers and run one or more of these
(on PostgreSQL several share the work: a delivery is claimed with FOR UPDATE SKIP LOCKED). Stops
on SIGINT or SIGTERM after the sends in flight.
"""

from __future__ import annotations

import asyncio
import signal

from contacthub.cli.runtime import console, load_settings, run_with_hub
from contacthub.core.scope import Hub
from contacthub.core.webhooks.worker import webhook_worker


def worker() -> None:
    """Deliver webhooks until stopped (SIGINT, SIGTERM)."""
    settings = load_settings()

    async def work(hub: Hub) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        console.print("Delivering webhooks (Ctrl+C stops).", highlight=False)
        await webhook_worker(hub, settings).run_forever(stop)

    run_with_hub(work, settings)
