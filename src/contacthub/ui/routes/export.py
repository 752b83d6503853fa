"""/ui/export: the contacts the table's filters show (search text, tag, base, bot, list,
blocked), as a CSV, XLSX or JSON Lines file, streamed as core.bulk.exports writes it."""

from __future__ import annotations

from litestar import get
from litestar.response import Stream

from contacthub.core.bulk.exports import MEDIA_TYPES, ExportFilter, export_shape, export_stream
from contacthub.core.bulk.sources import format_of
from contacthub.core.bulk.xlsx import MAX_ROWS
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.errors import Invalid
from contacthub.ui.forms import text
from contacthub.ui.routes.contacts import contact_filter
from contacthub.ui.session import ViewerDep

# Rows read on the event loop at a time, as the native export (its other requests wait less).
PAGE = 500


@get("/export")
async def export(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Stream:
    """Download the contacts of the table's filters (format csv, xlsx or jsonl)."""
    query = request.query_params
    chosen = (text(query, "format") or "csv").lower()
    if chosen not in MEDIA_TYPES:
        raise Invalid.field("format", "format must be csv, xlsx or jsonl")
    fmt = format_of("export", chosen)
    where = ExportFilter(listing=contact_filter(query))
    shape = await export_shape(hub, viewer.org_id, where, count=fmt == "xlsx")
    if fmt == "xlsx" and shape.total is not None and shape.total >= MAX_ROWS:
        raise Invalid.field(
            "format", f"an XLSX sheet holds at most {MAX_ROWS - 1} contacts; use csv or jsonl"
        )
    return Stream(
        export_stream(hub, viewer.org_id, fmt, where, shape=shape, page_size=PAGE),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="contacts.{fmt}"'},
    )
