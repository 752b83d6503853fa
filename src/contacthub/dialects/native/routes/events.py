"""/events: the organization's change feed, resumable from any cursor."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import QueryParameter

from contacthub.core import feed
from contacthub.core.pagination import CURSOR_PATTERN, check_limit, decode_cursor, encode_cursor
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native.feed_schemas import EventPage
from contacthub.dialects.native.openapi import in_query
from contacthub.dialects.native.routes.paging import Limit

# A cursor as the feed gives it out (an event's ``cursor`` or a page's ``next_cursor``).
FeedCursor = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        description="Events after this one: a previous page's `next_cursor` or an event's `cursor`"
        " (none: from the oldest kept)",
        schema_extra={"one_of": None, "type": "string", "pattern": CURSOR_PATTERN},
    ),
]
Types = Annotated[
    str | None,
    in_query(
        "string",
        "Only these event types, comma-separated (`contact.created,contact.updated`)",
        pattern=feed.TYPES_PATTERN,
    ),
]


@get("/events", tags=["events"])
async def list_events(
    hub: HubDep,
    principal: PrincipalDep,
    after: FeedCursor = None,
    types: Types = None,
    limit: Limit = None,
) -> EventPage:
    """Changes after a cursor, in commit order: every change once, whichever API made it."""
    size = check_limit(limit)
    start = decode_cursor(after)
    wanted = feed.clean_types(types)
    async with hub.reading(principal.org_id) as s:
        found = await feed.list_events(s, after=start, limit=size + 1, types=wanted)
    items = found[:size]
    return EventPage(
        items=[mapping.event_out(event) for event in items],
        next_cursor=encode_cursor(items[-1].seq if items else start),
        has_more=len(found) > size,
    )
