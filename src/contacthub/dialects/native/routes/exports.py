"""/exports: every contact (or a base's, or a tag's) as a streamed CSV, XLSX or JSON Lines file.

The columns are the CLI export's (see contacthub.core.bulk.exports); the body is sent page by
page as it is read, so memory stays flat whatever the size.
"""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import QueryParameter
from litestar.response import Stream

from contacthub.core import bases
from contacthub.core.bulk.exports import MEDIA_TYPES, ExportFilter, export_shape, export_stream
from contacthub.core.bulk.sources import format_of
from contacthub.core.bulk.xlsx import MAX_ROWS
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.errors import Invalid


@get("/exports", tags=["import and export"])
async def export_contacts(
    hub: HubDep,
    principal: PrincipalDep,
    file_format: Annotated[
        str, QueryParameter(name="format", description="csv, xlsx or jsonl")
    ] = "csv",
    base_id: Annotated[int | None, QueryParameter(description="Only this base's contacts")] = None,
    tag: Annotated[
        list[str] | None, QueryParameter(description="Only contacts with this tag (repeatable)")
    ] = None,
) -> Stream:
    """Download contacts with their phones, tags and custom fields as columns (streamed)."""
    if file_format.strip().lower() not in MEDIA_TYPES:
        raise Invalid.field("format", "format must be csv, xlsx or jsonl")
    fmt = format_of("export", file_format)
    if base_id is not None:
        async with hub.reading(principal.org_id) as s:
            await bases.get_base(s, base_id)
    where = ExportFilter(base_id=base_id, tags=tuple(tag or ()))
    shape = await export_shape(hub, principal.org_id, where)
    if fmt == "xlsx" and shape.total >= MAX_ROWS:
        raise Invalid.field(
            "format", f"an XLSX sheet holds at most {MAX_ROWS - 1} contacts; use csv or jsonl"
        )
    return Stream(
        export_stream(hub, principal.org_id, fmt, where, shape=shape),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="contacts.{fmt}"'},
    )
