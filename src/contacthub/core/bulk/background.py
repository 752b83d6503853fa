"""An import a request starts and the server runs on after the answer (the native API's upload
and the web interface's start): each batch one transaction, the job's counts the progress, the
uploaded file removed when it ends. Failures are the job's (``run_import`` marks it failed with
the reason the poll and the page show); here they are only logged."""

from __future__ import annotations

import asyncio
import logging

from contacthub.core.bulk import jobs
from contacthub.core.bulk.runner import ImportPlan, run_import
from contacthub.core.scope import Hub
from contacthub.errors import TakenOver

logger = logging.getLogger("contacthub.imports")
# Strong references: the event loop keeps only weak ones to its tasks.
_running: set[asyncio.Task[None]] = set()


def start_import(
    hub: Hub, org_id: int, plan: ImportPlan, job: jobs.ImportJob, runner: str, *, batch_size: int
) -> None:
    """Run the opened import in the background of the running event loop."""
    task = asyncio.get_running_loop().create_task(_run(hub, org_id, plan, job, runner, batch_size))
    _running.add(task)
    task.add_done_callback(_running.discard)


async def _run(
    hub: Hub, org_id: int, plan: ImportPlan, job: jobs.ImportJob, runner: str, batch_size: int
) -> None:
    try:
        await run_import(hub, org_id, plan, job, runner, batch_size=batch_size)
    except TakenOver:
        logger.info("import %s was taken over by a newer upload", job.id)
    except Exception:
        logger.exception("import %s failed", job.id)
    finally:
        plan.path.unlink(missing_ok=True)
