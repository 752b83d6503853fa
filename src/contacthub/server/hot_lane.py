"""The hot lane: the few reads and writes that integrations call most, answered without
Litestar's per-request machinery (dependency injection, signature models, response objects).

    request ─> Observability ─> HotLane.respond: Litestar's router resolves the path (the same
                 │                templates and precedence as Litestar's own routing); its handler
                 │                marked hot (contacthub.dialects.hot)?
                 ├─ a read:  answer(context, request) ─┬─ a wire Struct ─> 200, the same bytes
                 │                                     └─ None or an error ─┐ declined
                 ├─ a write: prepare(request) ─ None or an error ───────────┤ declined (nothing
                 │             └─ call ─> run(context, call) ─┬─ 201/200    │ written yet)
                 │                                            └─ an error ─> the dialect's
                 │                                    render(ErrorRequest, error), the function
                 │                                    its Litestar exception handler wraps
                 └─ not hot ────────────────────────────────────────────────┴─> SecurityHeaders
                                                                  ─> Litestar, as for every other

A declined hot request is counted by reason (``contacthub_hot_declined_total{reason}``); an
unexpected error is also logged with its traceback, then Litestar does the request again.
A write reads its small body (``MAX_BODY``, with a Content-Length) here first; what it declines
gets that body replayed. tests/server/test_hot_lane.py holds both lanes to the same bytes for
every handler marked hot (the cases are checked against the marks).

Why: measured on GET contact (SQLite, 1M contacts, one worker), Litestar's share was ~65 us of
~155 us a request; this lane costs a few microseconds. For Obzvonilka POST contact, Litestar's
share (body, form, dependencies, response) was ~220 of ~520 us (bench/RESULTS.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import msgspec
from litestar._asgi.asgi_router import ASGIRouter
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils import normalize_path

from contacthub.dialects.error_tables import ErrorRenderer, scope_request
from contacthub.dialects.hot import HOT, HotContext, HotRead, HotRequest, HotWrite
from contacthub.dialects.http import ErrorHandler
from contacthub.errors import HubError
from contacthub.server.metrics import HOT_DECLINED
from contacthub.server.observability import Written, send_answer
from contacthub.server.request_body import read_body, replaying
from contacthub.server.security_headers import API_HEADERS, with_security_headers

logger = logging.getLogger("contacthub.hot")

_CONTENT_TYPE = (b"content-type", b"application/json")
# Headers that say a request has a body (or may have one): such GETs take the full lane.
_BODY_HEADERS = frozenset((b"content-length", b"transfer-encoding", b"content-type"))
# The largest body a hot write reads; a larger one (or one without a Content-Length) goes to
# Litestar unread. Hot writes are a contact or a variable: a few hundred bytes.
MAX_BODY = 64 * 1024
_encoder = msgspec.json.Encoder()
_DECLINED = {
    reason: HOT_DECLINED.labels(reason)
    for reason in ("query", "headers", "body", "declined", "refused", "error")
}


class HotLane:
    """ASGI middleware in front of Litestar for the handlers marked hot."""

    def __init__(self, app: ASGIApp, context: HotContext, router: ASGIRouter) -> None:
        self.app = app
        self.context = context
        self.router = router
        # Only requests of these methods can reach a hot handler: the others are not routed here.
        self.methods = frozenset(_hot_methods(router))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Alone as ASGI middleware (tests); in the app, the observability middleware calls
        ``respond`` itself and sends the answer with its request id."""
        if scope["type"] == ScopeType.HTTP:
            written, receive = await self.respond(scope, receive)
            if written is not None:
                status, headers, body = written
                await send_answer(send, list(headers), body, status)
                return
        await self.app(scope, receive, send)

    async def respond(self, scope: Scope, receive: Receive) -> tuple[Written | None, Receive]:
        """The lane's answer to an HTTP request (status, every header but the request id,
        body), or None to let Litestar take it; and the ``receive`` to give Litestar."""
        method = scope.get("method")
        if method not in self.methods:
            return None, receive
        found = self._route(scope["path"], method)
        if found is None:
            return None, receive
        handler, params = found
        mark = handler.opt[HOT]
        if method != _method_of(mark):
            return None, receive  # a handler of several methods: not hot for this one
        if isinstance(mark, HotRead):
            body = await self.answer(mark, params, scope.get("query_string", b""), scope["headers"])
            if body is None:
                return None, receive
            return (200, self.headers(body), body), receive
        return await self.write(mark, handler, params, scope, receive)

    def _route(self, path: str, method: str) -> tuple[Any, Mapping[str, Any]] | None:
        """The handler Litestar routes ``method path`` to, if it is marked hot, and the path's
        parameters as its template parses them."""
        try:
            _, handler, _, params, _ = self.router.handle_routing(normalize_path(path), method)
        except Exception:
            return None
        return (handler, params) if HOT in handler.opt else None

    @staticmethod
    def headers(
        answer: bytes, leading: Sequence[tuple[bytes, bytes]] = ()
    ) -> list[tuple[bytes, bytes]]:
        """A hot answer's headers, in this order, as the middlewares around Litestar would
        have given it: ``leading`` (a write's Location), content type and length, then the
        security headers (hot routes are API paths)."""
        length = (b"content-length", b"%d" % len(answer))
        return [*leading, _CONTENT_TYPE, length, *API_HEADERS]

    async def answer(
        self,
        read: HotRead,
        params: Mapping[str, Any],
        query: bytes,
        headers: Iterable[tuple[bytes, bytes]],
    ) -> bytes | None:
        """The JSON body of a hot read's plain success, else None (declined, and counted)."""
        if query and not read.takes_query:
            _declined("query")
            return None
        by_name = _by_name(headers)
        if by_name is None or not _BODY_HEADERS.isdisjoint(by_name):
            _declined("headers")  # a repeated header or a body: the full lane decides
            return None
        try:
            wire = await read.answer(self.context, HotRequest(params, by_name, query))
        except Exception as error:
            _failed(error)
            return None
        if wire is None:
            _declined("declined")
            return None
        return _encoder.encode(wire)

    async def write(
        self,
        write: HotWrite[Any],
        handler: Any,
        params: Mapping[str, Any],
        scope: Scope,
        receive: Receive,
    ) -> tuple[Written | None, Receive]:
        """A hot write's answer, or None to let Litestar take the request; and the ``receive``
        to give Litestar (the body read here, replayed, then the connection's own)."""
        by_name = _by_name(scope["headers"])
        if by_name is None:
            _declined("headers")
            return None, receive
        length = by_name.get(b"content-length", b"")
        # Past the app's own limit too: Litestar answers that 413 in the dialect's envelope.
        limit = min(MAX_BODY, self.context.settings.max_body_bytes)
        if b"transfer-encoding" in by_name or not length.isdigit() or int(length) > limit:
            _declined("body")
            return None, receive
        body, received, ended = await read_body(receive)
        if not ended:
            # The client left: Litestar says so.
            _declined("body")
            return None, replaying(received, receive)
        query = scope.get("query_string", b"")
        request = HotRequest(params, by_name, query, body, self.context.urls.base_url(scope))
        try:
            call = write.prepare(request)
        except Exception as error:
            _failed(error)
            return None, replaying(received, receive)
        if call is None:
            _declined("declined")
            return None, replaying(received, receive)
        try:
            answer = await write.run(self.context, call)
        except Exception as error:
            return _rendered(handler, error, scope), receive
        encoded = _encoder.encode(answer.wire)
        return (answer.status, self.headers(encoded, answer.headers), encoded), receive


def _hot_methods(router: ASGIRouter) -> set[str]:
    """The methods of the handlers marked hot; each is checked to render its errors with its
    dialect's framework-free function (a hot write's errors are rendered here)."""
    methods: set[str] = set()
    for route in router.app.routes:
        for handler in getattr(route, "route_handlers", ()):
            if HOT in handler.opt:
                _renderer(handler)
                methods.add(_method_of(handler.opt[HOT]))
    return methods


def _method_of(mark: HotRead | HotWrite[Any]) -> str:
    return "GET" if isinstance(mark, HotRead) else mark.method


def _declined(reason: str) -> None:
    _DECLINED[reason].inc()


def _failed(error: Exception) -> None:
    """A hot handler raised while it may still decline: a domain error is Litestar's to render
    (counted as refused); anything else is also logged, with its traceback."""
    if _is_domain_error(error):
        _DECLINED["refused"].inc()
    else:
        logger.exception("a hot handler failed; Litestar takes the request", exc_info=error)
        _DECLINED["error"].inc()


def _is_domain_error(error: Exception) -> bool:
    """What the dialects render as the client's fault (or the database's, for Unavailable):
    the core's errors and Litestar's own (a parameter it refuses)."""
    return isinstance(error, HubError | HTTPException)


def _renderer(handler: Any) -> ErrorRenderer:
    """The framework-free rendering of the dialect whose routes ``handler`` is one of: the
    ``render`` of the exception handler Litestar would call for it. (For a NotFound or
    MethodNotAllowed of Litestar's, Litestar would call the app's unrouted handler, which
    renders with the dialect that owns the path: for a hot route, this same one.)"""
    found = handler.resolve_exception_handlers().get(Exception)
    if not isinstance(found, ErrorHandler):
        raise TypeError(f"{handler} is marked hot but renders errors with {found!r}")
    return found.render


def _rendered(handler: Any, error: Exception, scope: Scope) -> Written:
    """``error`` rendered by the route's dialect, as Litestar renders it, with the security
    headers the middleware around Litestar adds."""
    answer = _renderer(handler)(scope_request(scope), error)
    return answer.status, with_security_headers(answer.raw_headers(), scope["path"]), answer.body


def _by_name(headers: Iterable[tuple[bytes, bytes]]) -> dict[bytes, bytes] | None:
    """The headers by name, or None when one is repeated (the full lane decides those)."""
    raw = list(headers)
    by_name = dict(raw)
    return by_name if len(by_name) == len(raw) else None
