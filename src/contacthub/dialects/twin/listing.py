"""TWIN's list options: ``{"count": N, "items": [...]}`` shaped by query parameters. Pure.

    sort             comma-separated keys, ``-key`` or ``key:desc`` for descending
    offsetField      keyset paging: the items ordered by this key (``id`` or ``name``) ...
    offsetValue      ... that come after this value of it (the last one of the previous page)
    limit, offset    a window of the items (``limit`` 1..1000; none: every item)
    page             1-based page of ``limit`` items (100 when no limit is given)
    fields           comma-separated keys each item keeps
    withoutCount     1/true: no ``count``;  withoutItems  1/true: no ``items``

Keyset paging (TWIN's PHP SDK sends it in every QueryRequest): the items are ordered by
``offsetField``, ascending unless ``sort`` starts with it descending (another first key of
``sort`` is a 400), and those up to and including ``offsetValue`` are left out; then ``offset``,
``page`` and ``limit`` cut the rest. ``offsetValue`` alone pages by ``id``; ``offsetField`` alone
is the first page. Only keys no two items share can page (ids are UUIDs compared without case;
names compare case-blind, then exactly, as two names may differ in case alone). ``count`` stays
the number of all items, as with ``offset``.

``group`` is accepted and ignored: every item of these lists is one record (an attribute, a
client's value of one), so grouping them by any key leaves them as they are. ``timezone`` and
``language`` change nothing in these lists and are ignored too. The lists (a company's
attributes, one client's values) are small, so they are shaped in memory after one read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contacthub.core.ids import written_id
from contacthub.errors import Invalid

MAX_LIMIT = 1000
DEFAULT_PAGE_SIZE = 100
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
    offset_field: str | None = None  # keyset paging: the key ...
    offset_value: str | None = None  # ... and the value the items come after


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


def _keyset(query: Mapping[str, str], unique: Sequence[str]) -> tuple[str | None, str | None]:
    field = (query.get("offsetField") or "").strip()
    value = query.get("offsetValue") or None
    if not field:
        field = "id" if value is not None else ""
    if not field:
        return None, None
    if field not in unique:
        raise _bad("offsetField", f"{field!r} is not one of {', '.join(unique)}")
    return field, value.lower() if value is not None and field == "id" else value


def list_options(
    query: Mapping[str, str], known: Sequence[str], unique: Sequence[str] = ("id",)
) -> ListOptions:
    """Read the list options of a query; ``known`` are the keys of the list's items, ``unique``
    those no two items share (the keys keyset paging may use)."""
    offset_field, offset_value = _keyset(query, unique)
    sort = _sort(query.get("sort"), known)
    if offset_field is not None:
        if not sort:
            sort = ((offset_field, False),)
        elif sort[0][0] != offset_field:
            raise _bad("offsetField", f"must be the first key of sort ({sort[0][0]} is)")
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
        sort=sort,
        fields=_fields(query.get("fields"), known),
        without_count=_flag(query, "withoutCount"),
        without_items=_flag(query, "withoutItems"),
        offset_field=offset_field,
        offset_value=offset_value,
    )


def _sort_value(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _keyset_value(value: Any) -> Any:
    # Case-blind first, as ``sort``; then exact, so that no two distinct values tie.
    return (value.casefold(), value) if isinstance(value, str) else (value, value)


def _after(ordered: list[dict[str, Any]], options: ListOptions) -> list[dict[str, Any]]:
    """The items past ``offsetValue`` in the order of ``offsetField`` (the first sort key)."""
    key, descending = options.sort[0]
    mark = _keyset_value(options.offset_value)
    if descending:
        return [item for item in ordered if _keyset_value(item[key]) < mark]
    return [item for item in ordered if _keyset_value(item[key]) > mark]


def list_body(items: list[dict[str, Any]], options: ListOptions) -> dict[str, Any]:
    """``{"count", "items"}`` for ``items`` (in their natural order) under ``options``."""
    ordered = list(items)
    # Stable sorts applied last key first give the order of several keys.
    for key, descending in reversed(options.sort):
        value_of = _keyset_value if key == options.offset_field else _sort_value
        ordered.sort(key=lambda item: value_of(item[key]), reverse=descending)
    if options.offset_value is not None:
        ordered = _after(ordered, options)
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
