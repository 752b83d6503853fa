"""A Watbot request's parameters: one mapping, merged as Laravel's ``$request->input()`` does.

    query string ───────────────┐
                                ├──> params (a key in the body wins over the same key in the query)
    body: JSON object           │
          x-www-form-urlencoded ┘
          multipart/form-data (PHP's CURLOPT_POSTFIELDS with an array)

Every method reads its body whatever the HTTP verb (the vendor's examples send documented POST
methods as GET and DELETE). PHP bracket keys are understood: ``tags[]=a&tags[]=b`` gives
``{"tags": {"0": "a", "1": "b"}}`` and ``filters[telegram_id]=5`` gives ``{"filters":
{"telegram_id": "5"}}``. Query and form values are strings; JSON values keep their types.
A JSON body without a content type is read as JSON when it starts with ``{``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException

from contacthub.core import json_input
from contacthub.dialects.http import AnyRequest

_BRACKETED = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])+)")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def put(params: dict[str, Any], key: str, value: Any) -> None:
    """Store one key as PHP does: ``a[b][]`` nests; a plain key repeated keeps its last value."""
    match = _BRACKETED.fullmatch(key)
    if match is None:
        params[key] = value
        return
    path = [match.group(1), *_SEGMENT.findall(match.group(2))]
    if len(path) > json_input.MAX_DEPTH:
        # PHP stops at max_input_nesting_level; nested this deep a value is a bomb, not a field.
        raise ClientException(
            f"the parameter {path[0]!r} is nested more than {json_input.MAX_DEPTH} levels deep"
        )
    node = params
    for part in path[:-1]:
        name = part or str(len(node))
        child = node.get(name)
        if not isinstance(child, dict):
            child = {}
            node[name] = child
        node = child
    node[path[-1] or str(len(node))] = value


def _utf8(text: str, where: str) -> str:
    """Bytes carried as Latin-1 text, read as the UTF-8 they are."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        raise ClientException(f"the {where} is not valid UTF-8") from None


def parse_urlencoded(raw: bytes, where: str) -> dict[str, Any]:
    """``a=1&b[]=2`` (percent-encoded or raw UTF-8) as PHP would see it."""
    params: dict[str, Any] = {}
    # Latin-1 maps every byte to one character and back, so percent-decoding keeps the bytes.
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    for key, value in pairs:
        put(params, _utf8(key, where), _utf8(value, where))
    return params


def _json_object(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        decoded = json_input.decode(raw)
    except json_input.TooDeep as error:
        raise ClientException(str(error)) from None
    except msgspec.DecodeError:
        raise ClientException("the request body is not valid JSON") from None
    if not isinstance(decoded, dict):
        raise ClientException("the JSON body must be an object of parameters")
    return decoded


async def _multipart(request: AnyRequest) -> dict[str, Any]:
    params: dict[str, Any] = {}
    form = await request.form()
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            raise ClientException(f"{key}: files are not accepted, send the value as text")
        put(params, key, value)
    return params


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def read_body(media: str, raw: bytes) -> dict[str, Any] | None:
    """The parameters of a urlencoded or JSON body (or of none); None for multipart, which takes
    the request's form parser."""
    if media == "multipart/form-data":
        return None
    if media == "application/x-www-form-urlencoded":
        return parse_urlencoded(raw, "form body")
    if media == "application/json" or media.endswith("+json"):
        return _json_object(raw)
    if not media and raw.lstrip().startswith(b"{"):
        return _json_object(raw)
    return {}


async def body_params(request: AnyRequest) -> dict[str, Any]:
    media = media_type(request.headers.get("content-type"))
    if media == "multipart/form-data":
        return await _multipart(request)
    params = read_body(media, await request.body())
    assert params is not None  # multipart was taken above
    return params


class RequestParams(msgspec.Struct, frozen=True, kw_only=True):
    query: dict[str, Any]
    merged: dict[str, Any]  # query and body, the body winning


async def read_params(request: AnyRequest) -> RequestParams:
    query = parse_urlencoded(request.scope.get("query_string", b""), "query string")
    return RequestParams(query=query, merged={**query, **await body_params(request)})
