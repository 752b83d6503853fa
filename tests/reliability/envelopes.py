"""One strict validator per dialect: an answer is never a 5xx, every error is in the dialect's
own envelope, and no answer shows the server's insides.

    check(dialect, response, sent)
      ├─ status < 500
      ├─ 4xx: JSON of exactly the dialect's error shape (keys, types, content type)
      └─ no traceback, driver name or exception class in the body (unless the request said it)

The shapes are the ones each dialect's ``errors.py`` documents; a body with an extra key, a
missing key or a wrong type is a failure, so Litestar's own ``{"status_code", "detail"}`` bodies
and a plain-text error are caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import httpx
import msgspec

from contacthub.app import default_dialects
from contacthub.dialects import unrouted

# Text that only a leak of the server's insides puts in a body. Matched case-sensitively except
# the driver names; an error class is a CamelCase word ending in Error or Exception.
_LEAK_WORDS = (
    "Traceback",
    "SQL",
    'File "',
    "sqlite",
    "asyncpg",
    "psycopg",
    "sqlalchemy",
    "query argument",  # asyncpg's DataError text
)
_EXCEPTION_CLASS = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b")


class EnvelopeError(AssertionError):
    """An answer that breaks the dialect's contract."""


def _fail(response: httpx.Response, why: str) -> EnvelopeError:
    request = response.request
    return EnvelopeError(
        f"{why}\n  {request.method} {request.url}\n  -> {response.status_code} "
        f"{response.headers.get('content-type')!r} {response.content[:600]!r}"
    )


def _json_object(response: httpx.Response, media: str = "application/json") -> dict[str, Any]:
    content_type = response.headers.get("content-type", "")
    if content_type.split(";")[0].strip() != media:
        raise _fail(response, f"an error's content type is not {media}")
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        raise _fail(response, "an error's body is not JSON") from None
    if not isinstance(body, dict):
        raise _fail(response, "an error's body is not a JSON object")
    return body


def _is_str_lists(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(m, str) for m in v)
        for k, v in value.items()
    )


def _keys(response: httpx.Response, body: dict[str, Any], required: set[str], allowed: set[str]):
    keys = set(body)
    if not required <= keys or not keys <= required | allowed:
        raise _fail(response, f"error keys {sorted(keys)}: need {sorted(required)}")


def watbot(response: httpx.Response) -> None:
    """Laravel: ``{"message": str}``, plus ``errors: {field: [str]}`` on 422."""
    body = _json_object(response)
    _keys(response, body, {"message"}, {"errors"})
    if not isinstance(body["message"], str) or not body["message"]:
        raise _fail(response, "message is not a non-empty string")
    if "errors" in body and not _is_str_lists(body["errors"]):
        raise _fail(response, "errors is not {field: [str]}")


def obzvonilka(response: httpx.Response) -> None:
    """Rails: ``{"error": str}``, ``{"status", "error"[, "message"]}`` or ``{"errors": {...}}``."""
    body = _json_object(response)
    keys = set(body)
    if keys == {"errors"}:
        if not _is_str_lists(body["errors"]) or not body["errors"]:
            raise _fail(response, "errors is not a non-empty {field: [str]}")
        return
    if keys == {"error"}:
        if not isinstance(body["error"], str):
            raise _fail(response, "error is not a string")
        return
    _keys(response, body, {"status", "error"}, {"message"})
    if body["status"] != response.status_code:
        raise _fail(response, "status in the body differs from the HTTP status")
    if body["error"] != HTTPStatus(response.status_code).phrase:
        raise _fail(response, "error is not the status's phrase")
    if "message" in body and not isinstance(body["message"], str):
        raise _fail(response, "message is not a string")


def twin(response: httpx.Response) -> None:
    """``{"error": "<sentence>"[, "details": ...]}``."""
    body = _json_object(response)
    _keys(response, body, {"error"}, {"details"})
    if not isinstance(body["error"], str) or not body["error"]:
        raise _fail(response, "error is not a non-empty string")


def plusofon(response: httpx.Response) -> None:
    """``{"success": false, "message"?: str, "error"?: str, "errors"?: {field: [str]}}``."""
    body = _json_object(response)
    _keys(response, body, {"success"}, {"message", "error", "errors"})
    if body["success"] is not False:
        raise _fail(response, "success is not false")
    if not ({"message", "error"} & set(body)):
        raise _fail(response, "neither message nor error")
    for key in ("message", "error"):
        if key in body and not isinstance(body[key], str):
            raise _fail(response, f"{key} is not a string")
    if "errors" in body and not _is_str_lists(body["errors"]):
        raise _fail(response, "errors is not {field: [str]}")


def native(response: httpx.Response) -> None:
    """RFC 9457 problem+json with this API's ``code`` (and ``errors`` for validation)."""
    body = _json_object(response, "application/problem+json")
    _keys(response, body, {"type", "title", "status", "detail", "code"}, {"errors"})
    if body["status"] != response.status_code:
        raise _fail(response, "status in the body differs from the HTTP status")
    if body["title"] != HTTPStatus(response.status_code).phrase:
        raise _fail(response, "title is not the status's phrase")
    if not all(isinstance(body[k], str) for k in ("type", "detail", "code")):
        raise _fail(response, "type, detail and code are not strings")
    if "errors" in body and not _is_str_lists(body["errors"]):
        raise _fail(response, "errors is not {field: [str]}")


def system(response: httpx.Response) -> None:
    """A path no dialect claims (``/api``, ``/nowhere``): the app's plain ``{"detail": str}``."""
    body = _json_object(response)
    _keys(response, body, {"detail"}, set())
    if not isinstance(body["detail"], str):
        raise _fail(response, "detail is not a string")


VALIDATORS: dict[str, Callable[[httpx.Response], None]] = {
    "system": system,
    "watbot": watbot,
    "obzvonilka": obzvonilka,
    "twin": twin,
    "plusofon": plusofon,
    "native": native,
}


def _leaks(response: httpx.Response, sent: str) -> list[str]:
    text = response.content.decode("utf-8", "replace")
    found = [w for w in _LEAK_WORDS if w in text and w not in sent]
    lowered, sent_lowered = text.lower(), sent.lower()
    found += [w for w in ("sqlite", "asyncpg") if w in lowered and w not in sent_lowered]
    found += [m for m in _EXCEPTION_CLASS.findall(text) if m not in sent]
    return found


_DIALECTS = default_dialects()


def owner(request: httpx.Request) -> str:
    """The dialect whose envelope an answer to ``request`` must use, as the app decides it."""
    url = request.url
    found = unrouted.owner(_DIALECTS, url.path, request.headers, url.query.decode("latin-1"))
    return "system" if found is None else found.name


def check(dialect: str, response: httpx.Response, sent: str = "") -> None:
    """Assert the dialect's contract on one answer; ``sent`` is the request as text (a body may
    echo what the client sent, which is not a leak). A fuzzed path that left the dialect's paths
    (an id of ``..`` does) is judged by whoever owns the path the request reached."""
    reached = owner(response.request)
    if reached != dialect:
        dialect = reached
    if response.status_code >= 500:
        raise _fail(response, "a server error")
    # A HEAD answer has no body by definition (RFC 9110 9.3.2).
    if response.status_code >= 400 and response.request.method != "HEAD":
        VALIDATORS[dialect](response)
        leaks = _leaks(response, sent)
        if leaks:
            raise _fail(response, f"the body shows the server's insides: {leaks}")
