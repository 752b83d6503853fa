"""Request ids, structured logs and Prometheus metrics for every request, whichever API it hits.

    client -> [ObservabilityMiddleware: request id, timing, counters] -> Litestar routing -> dialect
                  └─ front (the hot lane): answers its requests itself, with the request id

The middleware sits outside Litestar's router (where Litestar puts CORS and OpenTelemetry), so
requests that match no route are counted and carry a request id too. Logs are JSON lines with the
request id of the request being served. ``/metrics`` is Prometheus' text format; with several
server processes (``serve --workers N``) prometheus_client's multiprocess mode aggregates them
(``PROMETHEUS_MULTIPROC_DIR``, set by ``serve``).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any, Protocol

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from contacthub.core.outbox import ORIGIN, Origin

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

REQUESTS = Counter(
    "contacthub_requests_total", "HTTP requests answered", ["dialect", "method", "status"]
)
LATENCY = Histogram(
    "contacthub_request_duration_seconds",
    "Time from request to the end of the answer",
    ["dialect"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("contacthub_errors_total", "Answers with an error status", ["dialect", "kind"])

access_log = logging.getLogger("contacthub.access")

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
# A front's answer: status, the headers that go before the content type, body.
Written = tuple[int, Sequence[tuple[bytes, bytes]], bytes]


class Front(Protocol):
    """What answers some requests before the app (contacthub.dialects.hot.HotLane)."""

    async def answer(
        self, path: str, query: bytes, headers: Iterable[tuple[bytes, bytes]]
    ) -> bytes | None:
        """The body of a 200 to a GET, or None to leave the request to the app."""

    async def respond(self, scope: Scope, receive: Receive) -> tuple[Written | None, Receive]:
        """The answer to an HTTP request, or None to leave it to the app; and the receive to
        give the app (what was read of the body is given again)."""

    @staticmethod
    def headers(
        answer: bytes,
        trailer: Sequence[tuple[bytes, bytes]],
        leading: Sequence[tuple[bytes, bytes]] = (),
    ) -> Headers:
        """The headers of an answer, ``trailer`` last."""


async def send_answer(send: Send, headers: Headers, body: bytes, status: int = 200) -> None:
    """An answer with these headers and body, as ASGI's two messages."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class ObservabilityMiddleware:
    def __init__(
        self, app: ASGIApp, dialect_of: Callable[[str], str], front: Front | None = None
    ) -> None:
        """``front`` is tried before ``app``; what it answers is a 200 with the request id as
        its last header, sent without the ``send`` wrapper ``app`` gets (a hot read's cost)."""
        self.app = app
        self.dialect_of = dialect_of
        self.front = front
        # prometheus_client's labels() takes a lock and builds a key on every call: the
        # children are kept here once made (a few dozen: dialect x method x status).
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[str, Any] = {}

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
                status, leading, body = written
                headers = front.headers(body, (_id_header(request_id),), leading)
                await send_answer(send, headers, body, status)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            self._account(scope["method"], scope["path"], status, started)
            ORIGIN.reset(origin)
            REQUEST_ID.reset(token)

    async def answer_at_once(
        self, path: str, query: bytes, headers: Sequence[tuple[bytes, bytes]]
    ) -> tuple[Headers, bytes] | None:
        """The front's 200 to a plain GET, headers (the request id last) and body, counted and
        logged as ``__call__`` counts and logs; or None, with nothing counted or sent, to let
        the request take the ASGI path. For an HTTP server that reads requests itself
        (contacthub.http_protocol): no scope, no ASGI messages."""
        front = self.front
        if front is None:
            return None
        request_id = _request_id(headers)
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            answer = await front.answer(path, query, headers)
            if answer is None:
                return None
            self._account("GET", path, 200, started)
            return front.headers(answer, (_id_header(request_id),)), answer
        finally:
            REQUEST_ID.reset(token)

    def _account(self, method: str, path: str, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        dialect = self.dialect_of(path)
        counter = self._counted.get((dialect, method, status))
        if counter is None:
            counter = REQUESTS.labels(dialect, method, str(status))
            if len(self._counted) < 1000:  # methods are the client's: bound the memory
                self._counted[(dialect, method, status)] = counter
        counter.inc()
        timer = self._timed.get(dialect)
        if timer is None:
            timer = self._timed[dialect] = LATENCY.labels(dialect)
        timer.observe(elapsed)
        if status >= 400:
            ERRORS.labels(dialect, "server" if status >= 500 else "client").inc()
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 3)},
            )


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


def metrics_payload() -> tuple[bytes, str]:
    """The metrics of this process, or of every worker when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and extras."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": REQUEST_ID.get(),
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str, *, access_log_enabled: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    access_log.setLevel(logging.INFO if access_log_enabled else logging.WARNING)
