"""The hot lane: the few reads that integrations call most, answered without Litestar's
per-request machinery (routing, dependency injection, signature models, response objects).

    request ─> Observability ─> HotLane.answer: GET, no body, simple headers, a hot route?
                 ├─ yes ─> the dialect's hot handler: credential -> one core call -> mapping
                 │           ├─ answers ──────────────────────> 200, the same JSON bytes
                 │           └─ declines or raises ─┐
                 └─ no ─────────────────────────────┴─> SecurityHeaders ─> Litestar, as for
                                                         every other request

A hot handler reuses its dialect's own pieces (credential rules, the same core call, the same
mapping, msgspec encoding as Litestar's) and answers only the plain success case; anything else
(a missing or bad credential, an unknown id, odd input, a database error) goes on to Litestar,
which does the request again and renders the answer or the error exactly as before: these are
reads, so doing one twice changes nothing. tests/dialects/test_hot_lane.py holds both lanes to
the same bytes. On SQLite the server's HTTP protocol asks ``answer`` first, before any ASGI
(contacthub.http_protocol); the same holds there (tests/test_answers_at_once.py).

Why: measured on GET contact (SQLite, 1M contacts, one worker), Litestar's share was ~65 us of
~155 us a request; this lane costs a few microseconds (bench/RESULTS.md).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.observability import send_ok
from contacthub.security_headers import API_HEADERS

_CONTENT_TYPE = (b"content-type", b"application/json")
# Headers that say a request has a body (or may have one): such requests take the full lane.
_BODY_HEADERS = frozenset((b"content-length", b"transfer-encoding", b"content-type"))
_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class HotRequest:
    match: re.Match[str]
    headers: dict[bytes, bytes]
    query: bytes

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return None if value is None else value.decode("latin-1")


@dataclass(frozen=True, slots=True)
class HotContext:
    hub: Hub
    settings: Settings


# Answers the wire object to encode, or None to let Litestar take the request.
HotHandler = Callable[[HotContext, HotRequest], Awaitable[msgspec.Struct | None]]


@dataclass(frozen=True, slots=True)
class HotRoute:
    path: re.Pattern[str]
    handler: HotHandler
    takes_query: bool = False  # without it, any query string sends the request to Litestar


class HotLane:
    """ASGI middleware in front of Litestar for GETs on the dialects' hot routes."""

    def __init__(self, app: ASGIApp, context: HotContext, routes: Sequence[HotRoute]) -> None:
        self.app = app
        self.context = context
        self.routes = tuple(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Alone as ASGI middleware (tests); in the app, the observability middleware calls
        ``answer`` itself and sends the answer with its request id."""
        if scope["type"] == ScopeType.HTTP and scope.get("method") == "GET":
            query = scope.get("query_string", b"")
            body = await self.answer(scope["path"], query, scope["headers"])
            if body is not None:
                await send_ok(send, self.headers(body, ()), body)
                return
        await self.app(scope, receive, send)

    @staticmethod
    def headers(answer: bytes, trailer: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """A hot answer's headers, in this order, as the middlewares around Litestar would
        have given it: content type and length, the security headers (hot routes are API
        paths), then ``trailer`` (the observability middleware's request id)."""
        return [_CONTENT_TYPE, (b"content-length", b"%d" % len(answer)), *API_HEADERS, *trailer]

    async def answer(
        self, path: str, query: bytes, headers: Iterable[tuple[bytes, bytes]]
    ) -> bytes | None:
        """The JSON body of a GET of ``path`` if it is a plain success of a hot route, else None
        (nothing was sent, nothing changed but a token's last use)."""
        for route in self.routes:
            match = route.path.fullmatch(path)
            if match is None:
                continue
            if query and not route.takes_query:
                return None
            raw = list(headers)
            by_name = dict(raw)
            if len(by_name) != len(raw) or not _BODY_HEADERS.isdisjoint(by_name):
                return None  # a repeated header or a body: the full lane decides
            try:
                wire = await route.handler(self.context, HotRequest(match, by_name, query))
            except Exception:
                return None
            return None if wire is None else _encoder.encode(wire)
        return None


def hot_routes(prefix: str, routes: Sequence[tuple[str, HotHandler, bool]]) -> list[HotRoute]:
    """``(pattern under prefix, handler, takes_query)`` as HotRoutes; patterns are regexes."""
    return [
        HotRoute(re.compile(re.escape(prefix) + pattern), handler, takes_query)
        for pattern, handler, takes_query in routes
    ]
