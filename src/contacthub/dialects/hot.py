"""What a dialect hands the hot lane (contacthub.server.hot_lane): its hot routes, each a path
pattern and a handler that answers the plain success case of a request or declines it.

    HotRoute(path, handler, takes_query, method) ── handler(HotContext, HotRequest) ──>
        a wire Struct (a 200) | HotAnswer (a write's status and headers) | None (declined)

A handler reuses its dialect's own pieces (credential rules, the same core call, the same mapping)
and answers only the plain success case; anything else goes on to Litestar, which renders it.
Writes (Obzvonilka POST contact, Watbot setContactVariable) keep one rule: a write handler
returns None or raises only while nothing is committed (its unit of work either commits or rolls
back as a whole, and it maps its answer before the unit ends), so that Litestar, doing the
request again, never does a write twice.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import msgspec

from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.public_urls import UrlPolicy


@dataclass(frozen=True, slots=True)
class HotRequest:
    match: re.Match[str]
    headers: dict[bytes, bytes]
    query: bytes
    body: bytes = b""  # writes only
    base_url: str = ""  # writes only: ``http://host/`` for absolute URLs (public_urls)

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return None if value is None else value.decode("latin-1")


@dataclass(frozen=True, slots=True)
class HotAnswer:
    """A hot write's answer: the wire object, its status, and headers that go before the
    content type (as Litestar orders a Response's own headers)."""

    wire: msgspec.Struct
    status: int = 200
    headers: tuple[tuple[bytes, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class HotContext:
    hub: Hub
    settings: Settings
    urls: UrlPolicy


# Answers the wire object to encode (a 200; a write may say more in a HotAnswer), or None to
# let Litestar take the request.
HotHandler = Callable[[HotContext, HotRequest], Awaitable[msgspec.Struct | HotAnswer | None]]


@dataclass(frozen=True, slots=True)
class HotRoute:
    path: re.Pattern[str]
    handler: HotHandler
    takes_query: bool = False  # without it, any query string sends the request to Litestar
    method: str = "GET"  # any other is a write: its handler gets the body


def hot_routes(
    prefix: str, routes: Sequence[tuple[str, HotHandler, bool]], method: str = "GET"
) -> list[HotRoute]:
    """``(pattern under prefix, handler, takes_query)`` as HotRoutes; patterns are regexes."""
    return [
        HotRoute(re.compile(re.escape(prefix) + pattern), handler, takes_query, method)
        for pattern, handler, takes_query in routes
    ]
