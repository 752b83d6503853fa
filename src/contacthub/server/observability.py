"""The outermost middleware: a request id for every request, then the hot lane or the app, then
the answer counted (contacthub.server.metrics) whichever API and lane produced it.

    client -> [ObservabilityMiddleware: request id, timing] ─┬─ front (the hot lane) answers
                                                             └─ app: SecurityHeaders -> Litestar

It sits outside Litestar's router (where Litestar puts CORS and OpenTelemetry), so requests that
match no route are counted and carry a request id too. The request id is the client's
``X-Request-Id`` when it is an acceptable one, else a new one; log records of the request carry
it (contacthub.server.logs).
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from contacthub.core.outbox import ORIGIN, Origin
from contacthub.server.logs import REQUEST_ID
from contacthub.server.metrics import Accounting

_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

# Request ids: 20 random hex digits per process, then a counter (32 in all, like a UUID's hex).
# uuid4() for each request cost ~7% of a hot read's CPU; this is unique all the same.
_ID_PREFIX = os.urandom(10).hex()
_request_numbers = itertools.count()


def new_request_id() -> str:
    return f"{_ID_PREFIX}{next(_request_numbers) & 0xFFFFFFFFFFFF:012x}"


def _after_fork() -> None:
    global _ID_PREFIX
    _ID_PREFIX = os.urandom(10).hex()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


Headers = list[tuple[bytes, bytes]]
# A front's answer: status, every header but the request id, body.
Written = tuple[int, Sequence[tuple[bytes, bytes]], bytes]


class Front(Protocol):
    """What answers some requests before the app (contacthub.server.hot_lane.HotLane)."""

    async def respond(self, scope: Scope, receive: Receive) -> tuple[Written | None, Receive]:
        """The answer to an HTTP request, or None to leave it to the app; and the receive to
        give the app (what was read of the body is given again)."""


async def send_answer(send: Send, headers: Headers, body: bytes, status: int = 200) -> None:
    """An answer with these headers and body, as ASGI's two messages."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class ObservabilityMiddleware:
    def __init__(
        self, app: ASGIApp, dialect_of: Callable[[str], str], front: Front | None = None
    ) -> None:
        """``front`` is tried before ``app``; what it answers is sent with the request id as
        its last header, without the ``send`` wrapper ``app`` gets (a hot read's cost)."""
        self.app = app
        self.front = front
        self.accounting = Accounting(dialect_of)
        self.dialect_of = dialect_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope["headers"])
        token = REQUEST_ID.set(request_id)
        # Who made a change, for the change feed's events (core/outbox.py).
        origin = ORIGIN.set(Origin(request_id, scope["path"], self.dialect_of))
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append(_id_header(request_id))
                message["headers"] = headers
            await send(message)

        try:
            front = self.front
            written: Written | None = None
            if front is not None:
                written, receive = await front.respond(scope, receive)
            if front is not None and written is not None:
                # Sent without the ``send`` wrapper the app gets: ~10 us of a hot read.
                status, headers, body = written
                await send_answer(send, [*headers, _id_header(request_id)], body, status)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            self.accounting.account(scope["method"], scope["path"], status, started)
            ORIGIN.reset(origin)
            REQUEST_ID.reset(token)


def _id_header(request_id: str) -> tuple[bytes, bytes]:
    """The header every answer carries its request id in."""
    return (b"x-request-id", request_id.encode())


def _request_id(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The client's X-Request-Id if it is an acceptable one, else a new id."""
    for key, value in headers:
        if key == b"x-request-id":
            given = value.decode("latin-1")
            return given if _ACCEPTABLE_ID.match(given) else new_request_id()
    return new_request_id()
