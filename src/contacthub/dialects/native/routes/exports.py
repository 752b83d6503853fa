"""/exports: every contact (or a base's, or a tag's) as a streamed CSV, XLSX or JSON Lines file.

The columns are the CLI export's (see contacthub.core.bulk.exports); the body is sent page by
page as it is read, so memory stays flat whatever the size.
"""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, Schema
from litestar.response import Stream

from contacthub.core import bases
from contacthub.core.bulk.exports import MEDIA_TYPES, ExportFilter, export_shape, export_stream
from contacthub.core.bulk.sources import format_of
from contacthub.core.bulk.xlsx import MAX_ROWS
from contacthub.core.ids import MAX_ID, MIN_ID, check_filter_id
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import wire_rules
from contacthub.dialects.native.openapi import in_query, operation_with, problems
from contacthub.errors import Invalid

# Rows read on the event loop at a time (bench/RESULTS.md, "a big answer beside small ones"): a
# small request needs several turns of the loop, and each waited for a page (500 rows, ~8 ms of
# reading and rendering): a GET by id beside a 1M export had a p99 of 230-310 ms; by 100, 15-21.
SERVER_PAGE = 100

# The answer is a file in one of three types (the 200 Litestar would write says JSON).
_FILES = operation_with(
    success={
        media_type: OpenAPIMediaType(
            schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        )
        for media_type in MEDIA_TYPES.values()
    }
)


@get(
    "/exports",
    tags=["import and export"],
    operation_class=_FILES,
    responses=problems({404: "No base with this `base_id` in this organization."}),
)
async def export_contacts(
    hub: HubDep,
    principal: PrincipalDep,
    file_format: Annotated[
        str,
        in_query("string", "The file's format", name="format", enum=sorted(MEDIA_TYPES)),
    ] = "csv",
    base_id: Annotated[
        int | None,
        in_query(
            "integer", "Only this base's contacts", nullable=True, minimum=MIN_ID, maximum=MAX_ID
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        in_query(
            "array",
            "Only contacts with every tag given (repeatable)",
            items=Schema(type=OpenAPIType.STRING, schema_not=Schema(pattern=wire_rules.NUL)),
        ),
    ] = None,
) -> Stream:
    """Download contacts with their phones, tags and custom fields as columns (streamed)."""
    if file_format.strip().lower() not in MEDIA_TYPES:
        raise Invalid.field("format", "format must be csv, xlsx or jsonl")
    fmt = format_of("export", file_format)
    if base_id is not None:
        check_filter_id("base_id", base_id)  # as the contacts filter (the driver cannot bind it)
        async with hub.reading(principal.org_id) as s:
            await bases.get_base(s, base_id)
    where = ExportFilter(base_id=base_id, tags=tuple(tag or ()))
    shape = await export_shape(hub, principal.org_id, where, count=fmt == "xlsx")
    if fmt == "xlsx" and shape.total is not None and shape.total >= MAX_ROWS:
        raise Invalid.field(
            "format", f"an XLSX sheet holds at most {MAX_ROWS - 1} contacts; use csv or jsonl"
        )
    return Stream(
        export_stream(hub, principal.org_id, fmt, where, shape=shape, page_size=SERVER_PAGE),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="contacts.{fmt}"'},
    )
