"""/duplicates: groups of live contacts that look like one person."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import QueryParameter

from contacthub.core import duplicates
from contacthub.core.pagination import check_limit
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native.feed_schemas import DuplicateGroupOut, DuplicatePage
from contacthub.dialects.native.routes.paging import Limit

GroupCursor = Annotated[
    str | None,
    QueryParameter(
        description="The previous page's `next_cursor`",
        schema_extra={"one_of": None, "type": "string", "pattern": duplicates.CURSOR_PATTERN},
    ),
]


@get("/duplicates", tags=["contacts"])
async def list_duplicates(
    hub: HubDep, principal: PrincipalDep, limit: Limit = None, cursor: GroupCursor = None
) -> DuplicatePage:
    """Groups of live contacts sharing a number, an e-mail (any case) or an external code."""
    size = check_limit(limit)
    after = duplicates.decode_cursor(cursor)
    async with hub.reading(principal.org_id) as s:
        groups, next_cursor = await duplicates.find_duplicates(s, after=after, limit=size)
    return DuplicatePage(
        items=[
            DuplicateGroupOut(kind=g.kind, value=g.value, contact_ids=g.contact_ids)  # type: ignore[arg-type]
            for g in groups
        ],
        next_cursor=next_cursor,
    )
