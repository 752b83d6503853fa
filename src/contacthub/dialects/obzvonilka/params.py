"""Rails-style request parameters and path segments.

    query string ─┐
    urlencoded or multipart form ─┼─> nest "contact[name]" -> {"contact": {"name": ...}} ─> Params
    JSON body ────┘

As Rails' ``params``: the query and the body are merged (on the same top-level key the query
wins: ``request_parameters.merge(query_parameters)``), blank values are kept (a blank field
clears), a repeated key keeps its last value, and a JSON body without the ``contact`` root is
wrapped under it by the attribute names, as ``ParamsWrapper`` does. A body in any other media
type is not read, as Rails ignores it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar.exceptions import ClientException

from contacthub.core import json_input
from contacthub.core.ids import MAX_ID
from contacthub.dialects.http import AnyRequest
from contacthub.errors import NotFound

_BRACKETED = re.compile(r"([^\[\]]+)\[([^\[\]]+)\]")
# ASCII digits: "\d" would take "١٢٣", which Rails' integer ids never are.
_RECORD_ID = re.compile(r"([0-9]{1,19})(?:\.json)?")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True, slots=True)
class Params:
    values: dict[str, Any]
    from_json: bool  # the body was JSON (the wrapper applies only then, as in Rails)


def nest(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """``root[key]`` pairs become ``{root: {key: value}}``; plain keys stay flat.

    Deeper or array keys (``a[b][c]``, ``a[]``) are no parameter this API knows: they are dropped,
    as the Rails app's strong parameters drop what they do not permit.
    """
    nested: dict[str, Any] = {}
    for key, value in pairs:
        match = _BRACKETED.fullmatch(key)
        if match is not None:
            root, name = match.groups()
            holder = nested.get(root)
            if not isinstance(holder, dict):
                holder = nested[root] = {}
            holder[name] = value
        elif "[" not in key and "]" not in key:
            nested[key] = value
    return nested


def _parse_urlencoded(raw: bytes, where: str) -> list[tuple[str, str]]:
    # Litestar's own form parser drops blank values; a blank field must reach us to clear.
    try:
        return parse_qsl(raw.decode(), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ClientException(f"the {where} is not valid UTF-8") from None


def media_type(content_type: str | None) -> str:
    """``application/json`` of ``Application/JSON; charset=utf-8``."""
    return (content_type or "").partition(";")[0].strip().lower()


def read_body(media: str, raw: bytes) -> tuple[dict[str, Any], bool] | None:
    """A JSON or urlencoded body's parameters and whether it was JSON; ``({}, False)`` for a
    media type Rails does not read; None for multipart, which takes the request's form parser."""
    if media == "application/json" or media.endswith("+json"):
        if not raw.strip():
            return {}, True
        try:
            decoded = json_input.decode(raw)
        except json_input.TooDeep as error:
            raise ClientException(str(error)) from None
        except msgspec.DecodeError:
            raise ClientException("the request body is not valid JSON") from None
        # Rails puts a JSON body that is not an object under "_json".
        return (decoded if isinstance(decoded, dict) else {"_json": decoded}), True
    if media == _FORM_TYPES[0]:
        return nest(_parse_urlencoded(raw, "form")), False
    if media == _FORM_TYPES[1]:
        return None
    return {}, False


def _reads(media: str) -> bool:
    return media in _FORM_TYPES or media == "application/json" or media.endswith("+json")


async def _body(request: AnyRequest) -> tuple[dict[str, Any], bool]:
    media = media_type(request.headers.get("content-type"))
    if media == _FORM_TYPES[1]:
        try:
            form = await request.form()
        except UnicodeDecodeError:
            raise ClientException("a form field is not valid UTF-8") from None
        return nest(form.multi_items()), False
    if not _reads(media):
        return {}, False  # not read, as Rails does not read it
    body = read_body(media, await request.body())
    assert body is not None  # multipart was taken above
    return body


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def query_params(raw: bytes) -> dict[str, Any]:
    return nest(_parse_urlencoded(raw, "query string"))


def merged(query: dict[str, Any], body: tuple[dict[str, Any], bool]) -> Params:
    """The query string's parameters over the body's (see the module's docstring)."""
    values = {**body[0], **query}
    # PostgreSQL cannot store or compare text with NUL; refuse it alike on every database.
    if _has_nul(values):
        raise ClientException("a parameter contains a NUL character")
    return Params(values=values, from_json=body[1])


async def read_params(request: AnyRequest) -> Params:
    """The request's parameters, merged from the query string and the body."""
    query = query_params(request.scope.get("query_string", b""))
    return merged(query, await _body(request))


def require(params: Params, root: str, attributes: Collection[str]) -> dict[str, Any]:
    """``params.require(root)``: the nested attributes, or 400 as ``ParameterMissing`` answers."""
    found = params.values.get(root)
    if found is None and params.from_json:
        wrapped = {key: value for key, value in params.values.items() if key in attributes}
        found = wrapped or None
    if not isinstance(found, dict) or not found:
        raise ClientException(f"param is missing or the value is empty: {root}")
    return found


def record_id(segment: str) -> int:
    """The id in a path segment (``22`` or ``22.json``); anything else names no record."""
    match = _RECORD_ID.fullmatch(segment)
    if match is None or int(match.group(1)) > MAX_ID:
        raise NotFound(f"no record has the id {segment!r}")
    return int(match.group(1))


def without_format(segment: str) -> str:
    """A path segment without its ``.json`` format suffix; one with NUL names no record."""
    if "\x00" in segment:
        raise NotFound("no record has a NUL character in its key")
    return segment.removesuffix(".json")
