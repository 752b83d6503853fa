"""Keyset pages for the native API's list endpoints, and their two query parameters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from litestar.params import QueryParameter

from contacthub.core.pagination import (
    CURSOR_PATTERN,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    HasId,
    Page,
    check_limit,
    decode_cursor,
    page_of,
)
from contacthub.core.scope import Hub, Scope
from contacthub.dialects.native.openapi import in_query

T = TypeVar("T", bound=HasId)

# The bounds and the pattern are core.pagination's, which check_limit and decode_cursor enforce.
Limit = Annotated[
    int | None,
    in_query(
        "integer",
        f"Items per page (default {DEFAULT_LIMIT})",
        nullable=True,
        minimum=1,
        maximum=MAX_LIMIT,
    ),
]
# An empty cursor is refused here (400): the document says what a cursor is, and "" is not one
# (the core reads "" as the first page, for dialects that page internally).
Cursor = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        description="The previous page's `next_cursor`",
        schema_extra={"one_of": None, "type": "string", "pattern": CURSOR_PATTERN},
    ),
]


async def read_page(
    hub: Hub,
    org_id: int,
    fetch: Callable[[Scope, int, int], Awaitable[list[T]]],
    limit: int | None,
    cursor: str | None,
) -> Page[T]:
    """Fetch one page: ``fetch(scope, after_id, size + 1)``; the extra row says more exist."""
    size = check_limit(limit)
    after = decode_cursor(cursor)
    async with hub.reading(org_id) as s:
        items = await fetch(s, after, size + 1)
    return page_of(items[:size], len(items) > size)
