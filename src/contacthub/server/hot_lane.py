"""The hot lane: the few reads and writes that integrations call most, answered without
Litestar's per-request machinery (routing, dependency injection, signature models, response
objects).

    request ─> Observability ─> HotLane.respond: GET, no body, simple headers, a hot route?
                 ├─ yes ─> the dialect's hot handler: credential -> one core call -> mapping
                 │           ├─ answers ──────────────────────> 200, the same JSON bytes
                 │           └─ declines or raises ─┐
                 └─ no ─────────────────────────────┴─> SecurityHeaders ─> Litestar, as for
                                                         every other request

A hot handler reuses its dialect's own pieces (credential rules, the same core call, the same
mapping, msgspec encoding as Litestar's) and answers only the plain success case; anything else
(a missing or bad credential, an unknown id, odd input, a database error) goes on to Litestar,
which does the request again and renders the answer or the error exactly as before: these are
reads, so doing one twice changes nothing. tests/server/test_hot_lane.py holds both lanes to
the same bytes.

Writes (Obzvonilka POST contact, Watbot setContactVariable) take the same lane, with a small
body (``MAX_BODY``, with a Content-Length) read here first. Going to Litestar after a failed try
must not do a write twice, so a write handler keeps one rule: it returns None or raises only
while nothing is committed. Its unit of work either commits or rolls back as a whole, and it
maps its answer before the unit ends. Litestar then gets the same body, replayed, and does the
request again: a validation error or an unknown id is rendered in the dialect's own envelope.

Why: measured on GET contact (SQLite, 1M contacts, one worker), Litestar's share was ~65 us of
~155 us a request; this lane costs a few microseconds. For Obzvonilka POST contact, Litestar's
share (body, form, dependencies, response) was ~220 of ~520 us (bench/RESULTS.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from contacthub.dialects.hot import HotAnswer, HotContext, HotRequest, HotRoute
from contacthub.server.observability import Headers, Written, send_answer
from contacthub.server.security_headers import API_HEADERS

_CONTENT_TYPE = (b"content-type", b"application/json")
# Headers that say a request has a body (or may have one): such requests take the full lane.
_BODY_HEADERS = frozenset((b"content-length", b"transfer-encoding", b"content-type"))
# The largest body a hot write reads; a larger one (or one without a Content-Length) goes to
# Litestar unread. Hot writes are a contact or a variable: a few hundred bytes.
MAX_BODY = 64 * 1024
_encoder = msgspec.json.Encoder()


class HotLane:
    """ASGI middleware in front of Litestar for GETs on the dialects' hot routes."""

    def __init__(self, app: ASGIApp, context: HotContext, routes: Sequence[HotRoute]) -> None:
        self.app = app
        self.context = context
        self.routes = tuple(route for route in routes if route.method == "GET")
        self.writes = tuple(route for route in routes if route.method != "GET")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Alone as ASGI middleware (tests); in the app, the observability middleware calls
        ``respond`` itself and sends the answer with its request id."""
        if scope["type"] == ScopeType.HTTP:
            written, receive = await self.respond(scope, receive)
            if written is not None:
                status, leading, body = written
                await send_answer(send, self.headers(body, (), leading), body, status)
                return
        await self.app(scope, receive, send)

    async def respond(self, scope: Scope, receive: Receive) -> tuple[Written | None, Receive]:
        """The lane's answer to an HTTP request (a hot GET or a hot write), or None to let
        Litestar take it; and the ``receive`` to give Litestar (see ``write``)."""
        if scope.get("method") == "GET":
            query = scope.get("query_string", b"")
            body = await self.answer(scope["path"], query, scope["headers"])
            return (None if body is None else (200, (), body)), receive
        return await self.write(scope, receive)

    @staticmethod
    def headers(
        answer: bytes,
        trailer: Sequence[tuple[bytes, bytes]],
        leading: Sequence[tuple[bytes, bytes]] = (),
    ) -> Headers:
        """A hot answer's headers, in this order, as the middlewares around Litestar would
        have given it: ``leading`` (a write's Location), content type and length, the security
        headers (hot routes are API paths), then ``trailer`` (the observability middleware's
        request id)."""
        length = (b"content-length", b"%d" % len(answer))
        return [*leading, _CONTENT_TYPE, length, *API_HEADERS, *trailer]

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
            by_name = _by_name(headers)
            if by_name is None or not _BODY_HEADERS.isdisjoint(by_name):
                return None  # a repeated header or a body: the full lane decides
            try:
                wire = await route.handler(self.context, HotRequest(match, by_name, query))
            except Exception:
                return None
            return None if wire is None or isinstance(wire, HotAnswer) else _encoder.encode(wire)
        return None

    async def write(self, scope: Scope, receive: Receive) -> tuple[Written | None, Receive]:
        """A hot write's answer (status, headers before the content type, body), or None to let
        Litestar take the request; and the ``receive`` to give Litestar (the body read here,
        replayed, then the connection's own)."""
        found = self._write_route(scope)
        if found is None:
            return None, receive
        route, match = found
        by_name = _by_name(scope["headers"])
        if by_name is None:
            return None, receive  # a repeated header: the full lane decides
        length = by_name.get(b"content-length", b"")
        if b"transfer-encoding" in by_name or not length.isdigit() or int(length) > MAX_BODY:
            return None, receive
        received: list[ReceiveMessage] = []
        body = b""
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                return None, _replaying(received, receive)  # the client left: Litestar says so
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        replay = _replaying(received, receive)
        request = HotRequest(
            match, by_name, scope.get("query_string", b""), body, self.context.urls.base_url(scope)
        )
        try:
            answer = await route.handler(self.context, request)
        except Exception:
            return None, replay  # nothing was committed (the handlers' rule)
        if answer is None:
            return None, replay
        if not isinstance(answer, HotAnswer):
            answer = HotAnswer(answer)
        return (answer.status, answer.headers, _encoder.encode(answer.wire)), receive

    def _write_route(self, scope: Scope) -> tuple[HotRoute, re.Match[str]] | None:
        method, path = scope.get("method"), scope["path"]
        for route in self.writes:
            if route.method == method and (match := route.path.fullmatch(path)) is not None:
                if scope.get("query_string") and not route.takes_query:
                    return None
                return route, match
        return None


def _by_name(headers: Iterable[tuple[bytes, bytes]]) -> dict[bytes, bytes] | None:
    """The headers by name, or None when one is repeated (the full lane decides those)."""
    raw = list(headers)
    by_name = dict(raw)
    return by_name if len(by_name) == len(raw) else None


def _replaying(messages: list[ReceiveMessage], receive: Receive) -> Receive:
    """``receive`` that gives ``messages`` again first."""
    pending = list(messages)

    async def replay() -> ReceiveMessage:
        return pending.pop(0) if pending else await receive()

    return replay
