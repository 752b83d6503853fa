"""Whose error a request gets when no route serves it, so a 404 still looks like its vendor's.

    1. a dialect that claims the path by its shape (``Dialect.claims``): ``/api/hub/...`` is
       native, ``/api/...`` outside ``/api/v1/`` Obzvonilka's Rails app, TWIN's ``clients`` and
       ``auth``, Plusofon's ``contact-lists`` and ``login``, Watbot's camelCase methods;
    2. under ``/api/v1/``, which TWIN, Plusofon and Watbot share, what the request carries: a
       ``Client`` header is Plusofon's, an ``api_token`` parameter Watbot's, a Bearer JWT TWIN's;
    3. else the path's shape there: one segment (``/api/v1/sendMessage``) is a Watbot method,
       a deeper path (``/api/v1/users/me``) TWIN's REST;
    4. anything else gets the app's plain ``{"detail": ...}``.

The vendors' clients read their own error bodies (TWIN's SDK shows ``error``; Plusofon's checks
``success``): Litestar's ``{"detail": "Not Found"}`` gave them an empty message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from contacthub.dialects.http import bearer_credential

if TYPE_CHECKING:
    from contacthub.dialects import Dialect

SHARED_PREFIX = "/api/v1/"


def owner(
    dialects: Sequence[Dialect], path: str, headers: Mapping[str, str], query: str
) -> Dialect | None:
    """The dialect that renders an unrouted request's error, by the rules above."""
    for dialect in dialects:
        if dialect.claims(path):
            return dialect
    if not path.startswith(SHARED_PREFIX):
        return None
    named = {dialect.name: dialect for dialect in dialects}
    return named.get(_by_credential(headers, query) or _by_shape(path))


def _by_credential(headers: Mapping[str, str], query: str) -> str | None:
    if "client" in headers:
        return "plusofon"
    if any(name == "api_token" for name, _ in parse_qsl(query, keep_blank_values=True)):
        return "watbot"
    token = bearer_credential(headers.get("authorization"))
    if token is not None and token.count(".") == 2:
        return "twin"
    return None


def _by_shape(path: str) -> str:
    rest = path[len(SHARED_PREFIX) :].strip("/")
    return "watbot" if rest and "/" not in rest else "twin"
