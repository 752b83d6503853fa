"""Keyset pages for the native API's list endpoints."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from contacthub.core.pagination import HasId, Page, check_limit, decode_cursor, page_of
from contacthub.core.scope import Hub, Scope

T = TypeVar("T", bound=HasId)


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
