"""/imports: upload a file to import in the background, then poll the job.

The upload is saved to a temporary file and checked (format, header, options) before the answer,
so a bad file or option is a 422 at once; the rows are then imported by an asyncio task of this
server process, in batches of ``API_BATCH`` rows (each batch one transaction, so SQLite's writer
lock is never held long). The job lives in the database: any worker answers the poll.

A restart loses the task, not the work: committed batches stay, the job stays ``running``, and
uploading the same file with the same options resumes it after its last committed batch (same job
id). Uploads are limited by ``CONTACTHUB_MAX_BODY_BYTES`` (413 beyond it).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Any

from litestar import Controller, Response, get, post
from litestar.datastructures import ResponseHeader, UploadFile
from litestar.exceptions import HTTPException
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIType,
    RequestBody,
    Schema,
)
from litestar.params import FromPath

from contacthub.core import lists
from contacthub.core.bulk import jobs
from contacthub.core.bulk.background import start_import
from contacthub.core.bulk.contacts_batch import DEDUPE_CHOICES
from contacthub.core.bulk.runner import (
    ImportOptions,
    new_runner,
    open_import,
    plan_import,
)
from contacthub.core.bulk.sources import FORMATS
from contacthub.core.pagination import check_limit, decode_cursor, encode_cursor
from contacthub.core.scope import Scope
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.openapi import IN_BODY, operation_with, problems
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page
from contacthub.errors import Invalid

API_BATCH = 5000


def _string(description: str, **constraints: Any) -> Schema:
    return Schema(type=OpenAPIType.STRING, description=description, **constraints)


_FLAG = "true or false (also 1/0, yes/no, on/off)"
# The form the handler reads by hand (so that a bad option is a 422 naming it, and the file is
# streamed to disk): what /openapi.json documents, and the only fields it takes.
FORM = Schema(
    type=OpenAPIType.OBJECT,
    required=["file"],
    additional_properties=False,
    properties={
        "file": _string("CSV, XLSX or JSON Lines", format=OpenAPIFormat.BINARY),
        "base": _string("Import into this base (created if new); not with `list`", max_length=255),
        "list": _string("Import into this black or white list instead", max_length=255),
        "type": _string("The list's type", enum=list(lists.LIST_TYPES)),
        "map": Schema(
            type=OpenAPIType.ARRAY,
            items=_string("`column=target`: where a column goes"),
            description="Repeatable",
        ),
        "dedupe": _string("What makes two rows one contact", enum=list(DEDUPE_CHOICES)),
        "dry_run": Schema(type=OpenAPIType.BOOLEAN, description=_FLAG),
        "unmapped_as_fields": Schema(type=OpenAPIType.BOOLEAN, description=_FLAG),
        "format": _string("When the file name does not say", enum=list(FORMATS)),
        "encoding": _string("A CSV's text encoding (UTF-8 or cp1251 are found alone)"),
        "delimiter": _string("A CSV's delimiter (found alone)", min_length=1, max_length=1),
    },
    dependent_required={"type": ["list"]},
)
FORM_FIELDS = frozenset(FORM.properties or ())
_UPLOAD = operation_with(
    request_body=RequestBody(
        content={"multipart/form-data": OpenAPIMediaType(schema=FORM)}, required=True
    )
)
_COPY_CHUNK = 1 << 20


def _flag(value: Any, name: str) -> bool:
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise Invalid.field(name, f"{name} must be true or false")


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid.field(name, f"{name} must be a text field, not a file")
    return value


async def _save(upload: UploadFile) -> Path:
    suffix = Path(upload.filename or "upload").suffix[:16]
    handle, name = tempfile.mkstemp(prefix="contacthub-import-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := await upload.read(_COPY_CHUNK):
                await asyncio.to_thread(out.write, chunk)
    except BaseException:
        _remove(Path(name))
        raise
    finally:
        await upload.close()
    return Path(name)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


class ImportController(Controller):
    path = "/imports"
    tags = ["import and export"]

    @post(
        "/",
        status_code=202,
        operation_class=_UPLOAD,
        response_headers=[
            ResponseHeader(name="Location", description="The job to poll", documentation_only=True)
        ],
        responses=problems(
            {
                400: "The body is not well-formed multipart/form-data.",
                413: IN_BODY[413],
                415: "The body is not multipart/form-data.",
                422: "The file or an option was refused, each named in `errors` (a file that "
                "is not the format, an unknown form field, an option's value).",
            }
        ),
    )
    async def create_import(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep
    ) -> Response[wire.ImportOut]:
        """Upload a CSV, XLSX or JSON Lines file (multipart field ``file``) to import in the
        background; answers the job to poll."""
        if request.content_type[0] != "multipart/form-data":
            raise HTTPException(status_code=415, detail="send the file as multipart/form-data")
        form = await request.form()
        unknown = sorted(set(form.keys()) - FORM_FIELDS)
        if unknown:
            raise Invalid.field(unknown[0], f"unknown form field {unknown[0]!r}")
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise Invalid.field("file", "send the file in the multipart field 'file'")
        options = ImportOptions(
            base=_text(form.get("base"), "base"),
            list_name=_text(form.get("list"), "list"),
            list_type=_text(form.get("type"), "type"),
            mapping=tuple(_text(item, "map") or "" for item in form.getall("map", [])),
            dedupe=_text(form.get("dedupe"), "dedupe") or "phone",
            unmapped_as_fields=_flag(form.get("unmapped_as_fields"), "unmapped_as_fields"),
            dry_run=_flag(form.get("dry_run"), "dry_run"),
            file_format=_text(form.get("format"), "format"),
            encoding=_text(form.get("encoding"), "encoding"),
            delimiter=_text(form.get("delimiter"), "delimiter"),
        )
        options.check()
        name = upload.filename or "upload"
        path = await _save(upload)
        try:
            plan = await asyncio.to_thread(plan_import, path, name, options, hub.env.region)
        except BaseException:
            _remove(path)
            raise
        runner = new_runner()
        try:
            job = await open_import(hub, principal.org_id, plan, runner)
        except BaseException:
            plan.close()
            _remove(path)
            raise
        start_import(hub, principal.org_id, plan, job, runner, batch_size=API_BATCH)
        return Response(
            mapping.import_out(job),
            status_code=202,
            headers={"Location": f"{request.url.path.rstrip('/')}/{job.id}"},
        )

    @get("/")
    async def list_imports(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.ImportPage:
        """List import jobs by id."""

        async def fetch(s: Scope, after: int, size: int) -> list[jobs.ImportJob]:
            return await jobs.list_jobs(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.ImportPage(
            items=[mapping.import_out(job) for job in page.items], next_cursor=page.next_cursor
        )

    @get("/{job_id:int}")
    async def get_import(
        self, hub: HubDep, principal: PrincipalDep, job_id: FromPath[int]
    ) -> wire.ImportOut:
        """An import job: status, rows done and counts (created, updated, skipped, invalid)."""
        async with hub.reading(principal.org_id) as s:
            return mapping.import_out(await jobs.get_job(s, job_id))

    @get("/{job_id:int}/rejects")
    async def list_rejects(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        job_id: FromPath[int],
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.RejectedPage:
        """The rows an import refused, by row number, each with its reason and data."""
        size = check_limit(limit)
        async with hub.reading(principal.org_id) as s:
            found = await jobs.rejected_rows(s, job_id, after=decode_cursor(cursor), limit=size + 1)
        more = len(found) > size
        found = found[:size]
        return wire.RejectedPage(
            items=[mapping.rejected_row_out(rejected) for rejected in found],
            next_cursor=encode_cursor(found[-1].row) if more and found else None,
        )
