"""The server's own periodic work: the purge of events past their retention, and of deleted
contacts past their restore window.

Run by each server process (a purge is idempotent and deletes in short batches, so two processes
doing it at once only share the work) and by ``contacthub maintenance`` from the CLI.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from contacthub.core import feed
from contacthub.core.contacts import lifecycle
from contacthub.core.scope import Hub
from contacthub.errors import Unavailable

logger = logging.getLogger("contacthub.maintenance")
EVERY_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class Retention:
    events_days: int
    restore_days: int


async def run_once(hub: Hub, retention: Retention) -> dict[str, int]:
    """One round of every chore; answers what each removed."""
    now = hub.env.clock()
    events = await feed.purge_events(hub, now, retention.events_days)
    contacts = await lifecycle.purge_deleted(hub, now, retention.restore_days)
    return {"events_purged": events, "contacts_purged": contacts}


async def run_forever(hub: Hub, retention: Retention, every: float = EVERY_SECONDS) -> None:
    """``run_once`` now and then every ``every`` seconds, until cancelled; a database that is
    away is logged and tried again next round."""
    while True:
        try:
            done = await run_once(hub, retention)
            if any(done.values()):
                logger.info("maintenance: %s", done)
        except Unavailable as error:
            logger.warning("maintenance skipped: %s", error.message)
        await asyncio.sleep(every)
