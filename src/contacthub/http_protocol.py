"""uvicorn's httptools protocol, made to accept raw UTF-8 in the request line, to answer the
hot lane's GETs as soon as their headers are read, and to send a loop turn's answers together
(contacthub.batched_transport).

Raw UTF-8. The vendors' own PHP examples build URLs by plain concatenation (``...&name=Город``)
and curl sends those bytes unencoded. nginx and PHP accept them; llhttp (and h11) answer 400. So
before the parser sees a request line, its bytes >= 0x80 are percent-encoded: ``Город`` reaches
the app as ``%D0%93%D0%BE%D1%80%D0%BE%D0%B4``, which every query parser decodes back to the same
text. Only the line that starts a request is touched, never headers or bodies. A request
pipelined behind another in the same read passes through unchanged (curl and PHP do not
pipeline).

Answers at once. When the app offers it (``app.state[ANSWERS_AT_ONCE]``: on SQLite, whose reads
run on the loop's thread), a GET is first offered to the app's hot lane right here, before uvicorn
builds an ASGI scope, a request cycle and a task for it:

    headers read ──> answers_at_once(path, query, headers), run at once
                       ├─ a 200 (headers, body) ──> written here; uvicorn's own end of a response
                       ├─ None ───────────────────> uvicorn's ASGI path, as for every request
                       └─ it has to wait (a token's last use being written, a busy reader) ──>
                            uvicorn's cycle and task, which first let it finish: its 200 is sent
                            through the cycle, or None takes the ASGI path

Only a GET on a kept-alive HTTP/1.1 connection with no request of it still being answered, and
only when uvicorn serves our app unwrapped, with its own access log and concurrency limit off
(as ``contacthub serve`` runs it). What it writes is what the ASGI path writes for the
same answer (status line, uvicorn's date and server headers, then the lane's), tested in
tests/test_answers_at_once.py. Measured (bench/RESULTS.md): GET contact 87-90 -> 78-83 us a
request through the protocol in process (``python -m bench.protocol_cost``); the five hot reads
+5-14% req/s in the server.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
from collections.abc import Callable, Coroutine, Sequence
from typing import Any
from urllib.parse import unquote

import httptools
from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.protocols.http.httptools_impl import RequestResponseCycle

from contacthub import eager
from contacthub.batched_transport import BatchedTransport
from contacthub.http_limits import HeadLimitedProtocol
from contacthub.observability import Headers, send_answer

# A request line longer than this is left to the parser to refuse.
MAX_REQUEST_LINE = 64 * 1024
_NON_ASCII = re.compile(rb"[\x80-\xff]")

Answer = tuple[Headers, bytes] | None
# The key in the Litestar app's state, and what it holds: (path, query, headers) -> a 200's
# headers and body, or None (see contacthub.observability.ObservabilityMiddleware.answer_at_once).
ANSWERS_AT_ONCE = "contacthub.answers_at_once"
AnswersAtOnce = Callable[[str, bytes, Sequence[tuple[bytes, bytes]]], Coroutine[Any, Any, Answer]]
_OK = b"HTTP/1.1 200 OK\r\n"

logger = logging.getLogger("contacthub.http")


def encode_request_line(line: bytes) -> bytes:
    """Percent-encode the bytes of a request line that HTTP does not allow raw."""
    return _NON_ASCII.sub(lambda match: b"%%%02X" % match.group()[0], line)


class Utf8UrlHttpToolsProtocol(HeadLimitedProtocol):
    """``uvicorn --http`` class: httptools, heads bounded (contacthub.http_limits), raw UTF-8
    accepted in request lines, hot GETs answered as they are read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._at_request_start = True
        self._held = b""
        state = getattr(self.app, "state", None)
        self._answers_at_once: AnswersAtOnce | None = (
            # Not where uvicorn would log or limit each request itself: those are its cycle's.
            None
            if state is None or self.access_log or self.limit_concurrency is not None
            else state.get(ANSWERS_AT_ONCE)
        )
        self._answered = False  # the request being parsed was answered here
        # A hot answer that had to wait, and the context it started in: uvicorn's task for the
        # request finishes it (_start_asgi_task).
        self._waiting: tuple[eager.Waiting[Answer], contextvars.Context] | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # Every write of the connection, ours and uvicorn's, is sent as the loop's turn ends.
        super().connection_made(BatchedTransport(transport, self.loop))

    def data_received(self, data: bytes) -> None:
        if self._at_request_start:
            data = self._held + data
            start = 0
            if data.startswith((b"\r", b"\n")):  # line ends left over before a request
                start = len(data) - len(data.lstrip(b"\r\n"))
            end = data.find(b"\n", start)
            if end < 0 and len(data) < MAX_REQUEST_LINE:
                self._held = data  # wait for the rest of the request line
                return
            self._held = b""
            # An ASCII line (nearly every request) is passed on as it came, without copies.
            if end >= 0 and not data[start:end].isascii():
                data = data[:start] + encode_request_line(data[start:end]) + data[end:]
            self._at_request_start = False
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._answered = False
        # A request pipelined behind another began inside this read: its line went in unchanged.
        self._at_request_start = False

    def on_headers_complete(self) -> None:
        if self._answers_at_once is not None and self._answer_at_once(self._answers_at_once):
            self.head_read()
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._answered:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._answered:
            super().on_message_complete()
        self._at_request_start = True

    def _answer_at_once(self, answers: AnswersAtOnce) -> bool:
        """Offer the request to the hot lane now; True if it was answered here."""
        parser = self.parser
        if (
            parser.get_method() != b"GET"
            or parser.get_http_version() != "1.1"
            or not parser.should_keep_alive()
            or parser.should_upgrade()
            or (self.cycle is not None and not self.cycle.response_complete)
        ):
            return False
        url = httptools.parse_url(self.url)
        path = url.path.decode("ascii")
        if "%" in path:
            path = unquote(path)
        context = (
            contextvars.Context() if self.config.reset_contextvars else contextvars.copy_context()
        )
        try:
            step = eager.step(
                answers(self.root_path + path, url.query or b"", self.headers), context
            )
        except Exception:
            logger.exception("a hot answer failed; the request takes the ASGI path")
            return False
        if isinstance(step, eager.Waiting):
            self._waiting = (step, context)  # for the task uvicorn is about to start
            return False
        if step is None:
            return False
        headers, body = step
        content = [_OK]
        for name, value in (*self.server_state.default_headers, *headers):
            content += (name, b": ", value, b"\r\n")
        content += (b"\r\n", body)
        self.transport.write(b"".join(content))
        self._answered = True
        self.on_response_complete()  # uvicorn's: counts it, arms the keep-alive timeout
        return True

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: ASGI3Application) -> None:
        if self._waiting is None:
            super()._start_asgi_task(cycle, app)
            return
        waiting, context = self._waiting
        self._waiting = None
        task = self.loop.create_task(cycle.run_asgi(_finishing(waiting, app)), context=context)
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)


def _finishing(waiting: eager.Waiting[Answer], app: ASGI3Application) -> ASGI3Application:
    """An ASGI app that lets a waiting hot answer finish, then sends it, or runs ``app``."""

    async def finish(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
        answer = await waiting
        if answer is None:
            await app(scope, receive, send)
            return
        await send_answer(send, *answer)  # type: ignore[arg-type]

    return finish
