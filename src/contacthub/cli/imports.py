"""``contacthub import``: a CSV, XLSX or JSON Lines file into contacts, a base or a list."""

from __future__ import annotations

import asyncio
import csv
import json
import time
from pathlib import Path
from typing import Annotated, Any

import msgspec
import typer

from contacthub.cli.gc_tuning import tune_gc
from contacthub.cli.progress import rows_progress
from contacthub.cli.runtime import console, fail, print_json, run_with_hub
from contacthub.core import organizations
from contacthub.core.bulk import jobs
from contacthub.core.bulk.jobs import Counts, ImportJob
from contacthub.core.bulk.runner import (
    DEFAULT_BATCH,
    ImportOptions,
    ImportPlan,
    new_runner,
    open_import,
    plan_import,
    run_import,
)
from contacthub.core.scope import Hub

_REJECTS_PAGE = 10_000


def rejects_path(source: Path, file_format: str) -> Path:
    suffix = ".rejected.jsonl" if file_format == "jsonl" else ".rejected.csv"
    return source.with_name(source.stem + suffix)


async def write_rejects(
    hub: Hub, org_id: int, job: ImportJob, header: list[str], path: Path
) -> None:
    """Every row the job refused, with its reason, as CSV (row, reason, the file's columns) or,
    for JSON Lines, one ``{"row", "reason", "data"}`` object a line."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out) if job.file_format != "jsonl" else None
        if writer is not None:
            writer.writerow(["row", "reason", *header])
        after = 0
        while True:
            async with hub.reading(org_id) as s:
                page = await jobs.rejected_rows(s, job.id, after=after, limit=_REJECTS_PAGE)
            if not page:
                return
            for rejected in page:
                if writer is None:
                    record = msgspec.to_builtins(rejected)
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    data = rejected.data if isinstance(rejected.data, list) else [rejected.data]
                    writer.writerow([rejected.row, rejected.reason, *data])
            after = page[-1].row


async def _run(
    hub: Hub, org: int, file: Path, options: ImportOptions, batch_size: int, quiet: bool
) -> tuple[ImportJob, ImportPlan, float, int]:
    await organizations.require_organization(hub, org)
    plan = await asyncio.to_thread(plan_import, file, file.name, options, hub.env.region)
    runner = new_runner()
    job = await open_import(hub, org, plan, runner)
    started = time.perf_counter()
    first_row = job.rows_done
    if first_row and not quiet:
        console.print(f"Resuming import {job.id} after row {first_row:,}.")
    with rows_progress() as progress:
        task = progress.add_task(
            "dry run" if options.dry_run else "importing",
            total=plan.source.rows_estimate,
            completed=first_row,
            visible=not quiet,
        )

        def advance(done: int, counts: Counts) -> None:
            progress.update(task, completed=done)

        try:
            job = await run_import(
                hub, org, plan, job, runner, batch_size=batch_size, on_progress=advance
            )
        except (KeyboardInterrupt, asyncio.CancelledError):
            fail(f"interrupted; run the same command again to resume import {job.id}")
        progress.update(task, completed=job.rows_done, total=job.rows_done)
    return job, plan, time.perf_counter() - started, job.rows_done - first_row


def import_command(
    file: Annotated[Path, typer.Argument(help="A .csv, .xlsx or .jsonl file with a header row")],
    org: Annotated[int, typer.Option("--org", help="Organization id")],
    base: Annotated[
        str | None, typer.Option("--base", help="Put every contact in this base (by name)")
    ] = None,
    list_name: Annotated[
        str | None, typer.Option("--list", help="Import the numbers into this list instead")
    ] = None,
    list_type: Annotated[
        str | None, typer.Option("--type", help="The list's type: black or white")
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="COLUMN=FIELD (name, email, phone, tags, field:NAME, skip...)"),
    ] = None,
    dedupe: Annotated[
        str,
        typer.Option("--dedupe", help="Merge rows into contacts by: phone, external_code, none"),
    ] = "phone",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count, write no contact")
    ] = False,
    unmapped_as_fields: Annotated[
        bool,
        typer.Option("--unmapped-as-fields", help="Make unknown columns custom fields"),
    ] = False,
    file_format: Annotated[
        str | None, typer.Option("--format", help="csv, xlsx or jsonl (default: by extension)")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Default: UTF-8, else cp1251")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="Default: guessed from the header")
    ] = None,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Where to write refused rows")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=100_000, help="Rows per transaction")
    ] = DEFAULT_BATCH,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Import contacts (or a black/white list) from a file; re-running an interrupted import
    resumes it."""
    if not file.is_file():
        fail(f"no such file: {file}")
    tune_gc()
    options = ImportOptions(
        base=base,
        list_name=list_name,
        list_type=list_type,
        mapping=tuple(mapping or ()),
        dedupe=dedupe,
        unmapped_as_fields=unmapped_as_fields,
        dry_run=dry_run,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
    )

    async def work(hub: Hub) -> dict[str, Any]:
        job, plan, seconds, rows = await _run(hub, org, file, options, batch_size, as_json)
        written = None
        if job.invalid:
            written = rejects or rejects_path(file, job.file_format)
            await write_rejects(hub, org, job, plan.source.header, written)
        return {
            "import": msgspec.to_builtins(job),
            "rejects_file": None if written is None else str(written),
            "unmapped_columns": plan.columns.unmapped,
            "seconds": round(seconds, 3),
            "rows_per_second": round(rows / seconds) if seconds > 0 else None,
        }

    report = run_with_hub(work)
    if as_json:
        print_json(report)
        return
    _summary(report)


def _summary(report: dict[str, Any]) -> None:
    job = report["import"]
    verb = "Would import" if job["dry_run"] else "Imported"
    console.print(
        f"{verb} {job['rows_done']:,} rows (import {job['id']}): "
        f"[green]{job['created']:,} created[/], [cyan]{job['updated']:,} updated[/], "
        f"{job['skipped']:,} skipped, [red]{job['invalid']:,} invalid[/]",
        highlight=False,
    )
    if report["rows_per_second"]:
        console.print(
            f"{report['seconds']:.1f} s, {report['rows_per_second']:,} rows/s", highlight=False
        )
    if report["unmapped_columns"]:
        console.print(
            "Columns not imported (map them with --map, or --unmapped-as-fields): "
            + ", ".join(report["unmapped_columns"]),
            highlight=False,
        )
    if report["rejects_file"]:
        console.print(f"Refused rows and why: {report['rejects_file']}", highlight=False)
