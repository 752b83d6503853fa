"""Import jobs: the ``imports`` table, which is both the progress a client polls and the record
that makes an import resumable.

    open_job   a new job, or the unfinished one for the same file and options (to resume)
    advance    in each batch's transaction: rows done, counts, refused rows; refused if another
               run has taken the job over since
    finish     done or failed

Every batch moves ``rows_done`` in the same transaction as its contacts, so what the job says is
exactly what the store holds, whatever kills the process.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec

from contacthub.core.bulk.prepare import Rejected
from contacthub.core.records import window
from contacthub.core.scope import Hub, Scope
from contacthub.db.database import Row
from contacthub.errors import HubError, NotFound, TakenOver

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
LAST_ROW_NUMBER = 2**31 - 1  # import_rejects.row_number, an INTEGER
_COLUMNS = (
    "id, status, source_name, source_hash, options, file_format, dry_run, total_rows, rows_done,"
    " created, updated, skipped, invalid, error, error_code, created_at, updated_at, finished_at"
)


class ImportJob(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    status: str
    source_name: str
    source_hash: str
    options: dict[str, Any]
    file_format: str
    dry_run: bool
    total_rows: int | None
    rows_done: int
    created: int
    updated: int
    skipped: int
    invalid: int
    error: str | None  # why the job failed, a sentence for the user
    error_code: str | None  # and a stable code for programs
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class RejectedRow(msgspec.Struct, frozen=True, kw_only=True):
    row: int  # the data row's number, from 1 (under a header it is spreadsheet row + 1)
    reason: str
    data: Any


class Counts(msgspec.Struct, kw_only=True):
    created: int = 0
    updated: int = 0
    skipped: int = 0
    invalid: int = 0


def _from_row(row: Row) -> ImportJob:
    return ImportJob(
        id=row["id"],
        status=row["status"],
        source_name=row["source_name"],
        source_hash=row["source_hash"],
        options=json.loads(row["options"]),
        file_format=row["file_format"],
        dry_run=bool(row["dry_run"]),
        total_rows=row["total_rows"],
        rows_done=row["rows_done"],
        created=row["created"],
        updated=row["updated"],
        skipped=row["skipped"],
        invalid=row["invalid"],
        error=row["error"],
        error_code=row["error_code"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        finished_at=row["finished_at"],
    )


async def get_job(s: Scope, job_id: int) -> ImportJob:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM imports WHERE org_id = :org AND id = :id", id=job_id
    )
    if row is None:
        raise NotFound(f"import {job_id} does not exist")
    return _from_row(row)


async def list_jobs(s: Scope, *, after: int = 0, limit: int | None = None) -> list[ImportJob]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM imports WHERE org_id = :org AND id > :after"
        " ORDER BY id LIMIT :limit",
        **window(after, limit),
    )
    return [_from_row(row) for row in rows]


async def open_job(
    s: Scope,
    *,
    source_name: str,
    source_hash: str,
    options: dict[str, Any],
    options_key: str,
    file_format: str,
    dry_run: bool,
    total_rows: int | None,
    runner: str,
) -> ImportJob:
    """The unfinished job of this file and options, taken over by ``runner``; else a new one.
    Dry runs always start afresh (they write nothing to resume from)."""
    now = s.now()
    if not dry_run:
        job_id = await s.fetch_value(
            "SELECT MAX(id) FROM imports WHERE org_id = :org AND source_hash = :hash"
            " AND options_key = :key AND dry_run = :dry AND status <> :done",
            hash=source_hash,
            key=options_key,
            dry=False,
            done=DONE,
        )
        if job_id is not None:
            await s.execute(
                "UPDATE imports SET runner = :runner, status = :queued, error = NULL,"
                " source_name = :name, updated_at = :now WHERE org_id = :org AND id = :id",
                id=job_id,
                runner=runner,
                queued=QUEUED,
                name=source_name[:500],
                now=now,
            )
            return await get_job(s, int(job_id))
    job_id = await s.fetch_value(
        "INSERT INTO imports (org_id, status, source_name, source_hash, options_key, options,"
        " file_format, dry_run, runner, total_rows, rows_done, created, updated, skipped,"
        " invalid, created_at, updated_at) VALUES (:org, :queued, :name, :hash, :key, :options,"
        " :format, :dry, :runner, :total, 0, 0, 0, 0, 0, :now, :now) RETURNING id",
        queued=QUEUED,
        name=source_name[:500],
        hash=source_hash,
        key=options_key,
        options=json.dumps(options, ensure_ascii=False, sort_keys=True),
        format=file_format,
        dry=dry_run,
        runner=runner,
        total=total_rows,
        now=now,
    )
    return await get_job(s, int(job_id))


async def advance(
    s: Scope,
    job_id: int,
    runner: str,
    *,
    rows_before: int,
    rows_after: int,
    counts: Counts,
    rejected: Sequence[Rejected],
) -> None:
    """Record a batch, in its transaction; ``TakenOver`` (rolling it back) if the job is no
    longer this runner's or another run moved it meanwhile."""
    moved = await s.execute(
        "UPDATE imports SET status = :running, rows_done = :after, created = created + :created,"
        " updated = updated + :updated, skipped = skipped + :skipped,"
        " invalid = invalid + :invalid, updated_at = :now"
        " WHERE org_id = :org AND id = :id AND runner = :runner AND rows_done = :before",
        id=job_id,
        runner=runner,
        running=RUNNING,
        before=rows_before,
        after=rows_after,
        created=counts.created,
        updated=counts.updated,
        skipped=counts.skipped,
        invalid=counts.invalid,
        now=s.now(),
    )
    if moved == 0:
        raise TakenOver(f"import {job_id} was taken over by another run of the same file")
    await s.insert_rows(
        "import_rejects",
        ("import_id", "row_number", "reason", "data"),
        [(job_id, r.number, r.reason, r.data) for r in rejected],
    )


async def finish(
    hub: Hub, org_id: int, job_id: int, runner: str, *, error: HubError | None
) -> None:
    """Mark the job done (or failed, with the error's code and message), unless another run
    holds it now."""
    async with hub.writing(org_id) as s:
        now = s.now()
        await s.execute(
            "UPDATE imports SET status = :status, error = :error, error_code = :code,"
            " updated_at = :now, finished_at = :finished"
            " WHERE org_id = :org AND id = :id AND runner = :runner",
            id=job_id,
            runner=runner,
            status=FAILED if error else DONE,
            error=error.message if error else None,
            code=error.code if error else None,
            now=now,
            finished=None if error else now,
        )


async def rejected_rows(
    s: Scope, job_id: int, *, after: int = 0, limit: int | None = None
) -> list[RejectedRow]:
    """The rows a job refused, by row number (``after`` a row number, for pages)."""
    await get_job(s, job_id)
    # row_number is a 32-bit column: no row lies past its range, and PostgreSQL refuses to
    # compare with a number beyond it (a forged cursor was a 422 there, an empty page on SQLite).
    params = window(min(after, LAST_ROW_NUMBER), limit)
    rows = await s.fetch_all(
        "SELECT row_number, reason, data FROM import_rejects"
        " WHERE org_id = :org AND import_id = :job AND row_number > :after"
        " ORDER BY row_number LIMIT :limit",
        job=job_id,
        **params,
    )
    return [
        RejectedRow(row=row["row_number"], reason=row["reason"], data=json.loads(row["data"]))
        for row in rows
    ]
