"""/ui/imports: upload a file, see how it will be read, change that, run it, watch it, see the
rows it refused. /ui/export: the contacts of the table's filters as a file.

    POST /ui/imports          the upload is kept (a temporary file named by the organization and
                              a random key) and read as core.bulk would: encoding, delimiter,
                              each column's target, the first rows -> the preview form
    POST /ui/imports/preview  the same file read again with the encoding/delimiter chosen
    POST /ui/imports/start    the job (core.bulk.runner), run by a task of this process
    GET  /ui/imports/{id}     its counts: the page's script polls .../progress until it ends
    GET  /ui/imports/{id}/rejects.csv   the refused rows: row number, reason, the row

The kept upload lives in this machine's temporary directory: with several server processes on
several machines, the preview and the start must reach the same one (a sticky session).
"""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import json
import re
import secrets
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from litestar import MediaType, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Stream

from contacthub.core import lists
from contacthub.core.bulk import jobs
from contacthub.core.bulk.background import start_import
from contacthub.core.bulk.columns import BASE, PHONE, SKIP, TAGS, Target
from contacthub.core.bulk.contacts_batch import DEDUPE_CHOICES
from contacthub.core.bulk.runner import (
    ImportOptions,
    new_runner,
    open_import,
    plan_import,
)
from contacthub.core.bulk.sources import DELIMITERS
from contacthub.core.contacts.model import TEXT_COLUMNS
from contacthub.core.scope import Hub
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.errors import Invalid, NotFound
from contacthub.ui.forms import MENU_LIMIT, form_of, path_id, text
from contacthub.ui.render import page
from contacthub.ui.session import Viewer, ViewerDep, redirect

UPLOADS = Path(tempfile.gettempdir()) / "contacthub-ui-uploads"
KEPT_SECONDS = 24 * 3600  # an upload nobody started is removed a day later
SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".xlsx", ".jsonl", ".json", ".ndjson"})
_KEY = re.compile(r"[A-Za-z0-9_-]{22}")
SAMPLE_ROWS = 5
# Small batches: each is one transaction and one step of the progress bar.
BATCH = 1000
ENCODINGS = ("utf-8-sig", "cp1251", "koi8-r", "utf-16")
TARGETS = (SKIP, *TEXT_COLUMNS, PHONE, TAGS, BASE)


def _kept(org_id: int, key: str, suffix: str) -> Path:
    """The kept upload of this organization (another's key names no file of this one)."""
    if not _KEY.fullmatch(key) or suffix not in SUFFIXES:
        raise NotFound("the upload is no longer kept; upload the file again")
    path = UPLOADS / f"{org_id}-{key}{suffix}"
    if not path.is_file():
        raise NotFound("the upload is no longer kept; upload the file again")
    return path


def _forget_old() -> None:
    cutoff = time.time() - KEPT_SECONDS
    for old in UPLOADS.glob("*-*"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


async def _keep(org_id: int, upload: UploadFile) -> tuple[str, str]:
    name = upload.filename or "upload.csv"
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Invalid.field("file", "send a CSV, XLSX or JSON Lines file")
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    await asyncio.to_thread(_forget_old)
    key = secrets.token_urlsafe(16)
    path = UPLOADS / f"{org_id}-{key}{suffix}"
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            await asyncio.to_thread(out.write, chunk)
    await upload.close()
    return key, suffix


def _target_text(target: Target) -> str:
    return f"field:{target.field}" if target.kind == "field" else target.kind


def _read(path: Path, name: str, options: ImportOptions, region: str) -> dict[str, Any]:
    """How core.bulk reads the file with these options: its columns' targets and first rows."""
    plan = plan_import(path, name, options, region)
    try:
        sample = [record for _, record in itertools.islice(plan.source.records, SAMPLE_ROWS)]
        header = plan.source.header or list(dict.fromkeys(k for r in sample for k in r))
        columns = [(column, _target_text(plan.columns.target(column))) for column in header]
        rows = [
            [str(r.get(column, "")) for column in header] if isinstance(r, dict) else r
            for r in sample
        ]
        return {
            "format": plan.source.format,
            "encoding": plan.source.encoding,
            "delimiter": plan.source.delimiter,
            "columns": columns,
            "rows": rows,
            "estimate": plan.source.rows_estimate,
            "mappable": bool(plan.source.header),
        }
    finally:
        plan.close()


def _options(form: dict[str, Any], *, with_map: bool) -> ImportOptions:
    mapping: tuple[str, ...] = ()
    if with_map:
        pairs = zip(form.get("column[]", []), form.get("target[]", []), strict=False)
        mapping = tuple(f"{column}={target}" for column, target in pairs)
    list_name = text(form, "list")
    return ImportOptions(
        base=None if list_name else text(form, "base"),
        list_name=list_name,
        list_type=text(form, "type") if list_name else None,
        mapping=mapping,
        dedupe=text(form, "dedupe") or "phone",
        dry_run=form.get("dry_run") == "yes",
        encoding=text(form, "encoding"),
        delimiter=_delimiter(text(form, "delimiter")),
    )


def _delimiter(chosen: str | None) -> str | None:
    return "\t" if chosen == "tab" else chosen


async def _preview(
    request: AnyRequest, hub: Hub, viewer: Viewer, form: dict[str, Any], key: str, suffix: str
) -> Response[str]:
    name = text(form, "name") or f"upload{suffix}"
    path = _kept(viewer.org_id, key, suffix)
    options = _options(form, with_map=False)
    read = await asyncio.to_thread(_read, path, name, options, hub.env.region)
    return page(
        request,
        viewer,
        "import_preview.html",
        key=key,
        suffix=suffix,
        name=name,
        read=read,
        form=form,
        encodings=sorted({*ENCODINGS, read["encoding"] or "utf-8-sig"}),
        delimiters=DELIMITERS,
        targets=TARGETS,
        dedupes=DEDUPE_CHOICES,
        types=lists.LIST_TYPES,
    )


@get("/imports")
async def imports_page(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """The upload form and the organization's latest imports."""
    async with hub.reading(viewer.org_id) as s:
        found = await jobs.list_jobs(s, limit=MENU_LIMIT)
    return page(request, viewer, "imports.html", jobs=list(reversed(found))[:20])


@post("/imports")
async def upload(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """Keep an uploaded file and show how it will be read."""
    form = await form_of(request)
    sent = form.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        raise Invalid.field("file", "choose a file to import")
    key, suffix = await _keep(viewer.org_id, sent)
    return await _preview(request, hub, viewer, {"name": sent.filename}, key, suffix)


@post("/imports/preview")
async def preview(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """Read the kept file again with the encoding and delimiter chosen."""
    form = await form_of(request)
    key, suffix = text(form, "key") or "", text(form, "suffix") or ""
    return await _preview(request, hub, viewer, form, key, suffix)


@post("/imports/start")
async def start(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[None]:
    """Start the import with the reading and the targets chosen; go to its progress."""
    form = await form_of(request)
    path = _kept(viewer.org_id, text(form, "key") or "", text(form, "suffix") or "")
    name = text(form, "name") or path.name
    options = _options(form, with_map=form.get("mappable") == "yes")
    options.check()
    plan = await asyncio.to_thread(plan_import, path, name, options, hub.env.region)
    runner = new_runner()
    try:
        job = await open_import(hub, viewer.org_id, plan, runner)
    except BaseException:
        plan.close()
        raise
    start_import(hub, viewer.org_id, plan, job, runner, batch_size=BATCH)
    return redirect(f"/ui/imports/{job.id}")


def _finished(job: jobs.ImportJob) -> bool:
    return job.status not in ("queued", "running")


@get("/imports/{job_id:str}")
async def job_page(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, job_id: FromPath[str]
) -> Response[str]:
    """An import: its progress while it runs, its summary when it has ended."""
    async with hub.reading(viewer.org_id) as s:
        job = await jobs.get_job(s, path_id(job_id, "import"))
    return page(request, viewer, "import_job.html", job=job, finished=_finished(job))


@get("/imports/{job_id:str}/progress", media_type=MediaType.JSON)
async def job_progress(hub: HubDep, viewer: ViewerDep, job_id: FromPath[str]) -> dict[str, Any]:
    """An import's counts, for the progress bar (JSON)."""
    async with hub.reading(viewer.org_id) as s:
        job = await jobs.get_job(s, path_id(job_id, "import"))
    return {
        "status": job.status,
        "done": job.rows_done,
        "total": job.total_rows,
        "counts": {
            "done": job.rows_done,
            "created": job.created,
            "updated": job.updated,
            "skipped": job.skipped,
            "invalid": job.invalid,
        },
        "finished": _finished(job),
    }


def _reject_lines(found: list[jobs.RejectedRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for rejected in found:
        cells = rejected.data if isinstance(rejected.data, list) else [json.dumps(rejected.data)]
        writer.writerow([rejected.row, rejected.reason, *cells])
    return out.getvalue().encode()


@get("/imports/{job_id:str}/rejects.csv")
async def rejects(hub: HubDep, viewer: ViewerDep, job_id: FromPath[str]) -> Stream:
    """The rows the import refused, as CSV: row number, reason, then the row's cells."""
    number = path_id(job_id, "import")
    async with hub.reading(viewer.org_id) as s:
        await jobs.get_job(s, number)

    async def pages() -> AsyncIterator[bytes]:
        yield b"\xef\xbb\xbf" + _reject_lines([]) + b"row,reason,data\r\n"
        after = 0
        while True:
            async with hub.reading(viewer.org_id) as s:
                found = await jobs.rejected_rows(s, number, after=after, limit=MENU_LIMIT)
            if not found:
                return
            yield _reject_lines(found)
            after = found[-1].row

    return Stream(
        pages(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{number}-rejected.csv"'},
    )


ROUTES = [imports_page, upload, preview, start, job_page, job_progress, rejects]
