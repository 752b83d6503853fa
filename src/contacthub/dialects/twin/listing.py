"""TWIN's list options: ``{"count": N, "items": [...]}`` shaped by query parameters. Pure.

    limit, offset    a window of the items (``limit`` 1..1000; none: every item)
    page             1-based page of ``limit`` items (100 when no limit is given)
    sort             comma-separated keys, ``-key`` or ``key:desc`` for descending
    fields           comma-separated keys each item keeps
    withoutCount     1/true: no ``count``;  withoutItems  1/true: no ``items``

``group``, ``offsetField`` and ``offsetValue`` are refused (400) rather than ignored, so a client
never takes an unshaped list for a shaped one. ``timezone`` and ``language`` change nothing in
these lists and are ignored. The lists here (a company's attributes, one client's values) are
small, so they are shaped in memory after one read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contacthub.core.ids import written_id
from contacthub.errors import Invalid

MAX_LIMIT = 1000
DEFAULT_PAGE_SIZE = 100
UNSUPPORTED = ("group", "offsetField", "offsetValue")
_TRUE = ("", "1", "true")
_FALSE = ("0", "false")


@dataclass(frozen=True, slots=True)
class ListOptions:
    limit: int | None = None
    offset: int = 0
    sort: tuple[tuple[str, bool], ...] = ()  # (key, descending)
    fields: tuple[str, ...] | None = None
    without_count: bool = False
    without_items: bool = False


def _bad(param: str, message: str) -> Invalid:
    return Invalid(
        f"invalid query parameter {param}: {message}", fields={param: [message]}, code="bad_request"
    )


def _integer(query: Mapping[str, str], param: str, low: int, high: int) -> int | None:
    text = query.get(param)
    if text is None:
        return None
    number = written_id(text.strip())
    if number is None or not low <= number <= high:
        raise _bad(param, f"must be an integer from {low} to {high}")
    return number


def _flag(query: Mapping[str, str], param: str) -> bool:
    text = query.get(param)
    if text is None:
        return False
    if text.strip().lower() in _TRUE:
        return True
    if text.strip().lower() in _FALSE:
        return False
    raise _bad(param, "must be 1, 0, true or false")


def _keys(text: str, param: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise _bad(param, "names no field")
    return names


def _sort(text: str | None, known: Sequence[str]) -> tuple[tuple[str, bool], ...]:
    if text is None:
        return ()
    order: list[tuple[str, bool]] = []
    for name in _keys(text, "sort"):
        key, _, direction = name.partition(":")
        descending = key.startswith("-") or direction.lower() == "desc"
        key = key.lstrip("+-")
        if key not in known or direction.lower() not in ("", "asc", "desc"):
            raise _bad("sort", f"{name!r} is not one of {', '.join(known)} (-key for descending)")
        order.append((key, descending))
    return tuple(order)


def _fields(text: str | None, known: Sequence[str]) -> tuple[str, ...] | None:
    if text is None:
        return None
    chosen = _keys(text, "fields")
    for name in chosen:
        if name not in known:
            raise _bad("fields", f"{name!r} is not one of {', '.join(known)}")
    return tuple(key for key in known if key in chosen)


def list_options(query: Mapping[str, str], known: Sequence[str]) -> ListOptions:
    """Read the list options of a query; ``known`` are the keys of the list's items."""
    for param in UNSUPPORTED:
        if param in query:
            raise _bad(param, "is not supported by this server")
    limit = _integer(query, "limit", 1, MAX_LIMIT)
    offset = _integer(query, "offset", 0, 2**31)
    page = _integer(query, "page", 1, 2**31)
    if page is not None:
        if offset is not None:
            raise _bad("page", "give either page or offset")
        limit = limit or DEFAULT_PAGE_SIZE
        offset = (page - 1) * limit
    return ListOptions(
        limit=limit,
        offset=offset or 0,
        sort=_sort(query.get("sort"), known),
        fields=_fields(query.get("fields"), known),
        without_count=_flag(query, "withoutCount"),
        without_items=_flag(query, "withoutItems"),
    )


def _sort_value(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def list_body(items: list[dict[str, Any]], options: ListOptions) -> dict[str, Any]:
    """``{"count", "items"}`` for ``items`` (in their natural order) under ``options``."""
    ordered = list(items)
    # Stable sorts applied last key first give the order of several keys.
    for key, descending in reversed(options.sort):
        ordered.sort(key=lambda item: _sort_value(item[key]), reverse=descending)
    end = None if options.limit is None else options.offset + options.limit
    window = ordered[options.offset : end]
    if options.fields is not None:
        window = [{key: item[key] for key in options.fields} for item in window]
    body: dict[str, Any] = {}
    if not options.without_count:
        body["count"] = len(items)
    if not options.without_items:
        body["items"] = window
    return body
