"""Bounds on a request's head (request line and headers), enforced as its bytes arrive.

    bytes read ──> data_received: at most ``max_head`` bytes of one head go to the parser
                     ├─ the head ends within them ──> parsed as before (body, next request...)
                     └─ it does not ─────────────────> 431, connection closed
                   on_url: request line past ``max_line`` ──> 414
                   on_header: one header line past ``max_line`` ──> 431
                   timer from a head's first byte (or from the connection's start) to its end:
                     past ``timeout_s`` ──> 408 (silence on a connection that sent nothing)

Why here and not in the app: httptools keeps a header's value by appending each piece to a
bytes object until the line ends, so a 100 MB header cost 13.7 s of CPU (quadratic copying) on
the event loop, stalling every other connection, before any ASGI code could see it. Counting
the bytes before they reach the parser bounds that work to ``max_head``. The limits follow the
usual servers: nginx refuses a request line or header line past 8 KiB (414, 400), Apache past
8,190 bytes, and both time out a head that trickles in (nginx ``client_header_timeout`` 60 s,
Apache's mod_reqtimeout 20-40 s). The defaults here are 16 KiB a line, 64 KiB a head, 20 s
(``CONTACTHUB_MAX_REQUEST_LINE_BYTES``, ``_MAX_HEADER_BYTES``, ``_HEADER_TIMEOUT_S``).

The refusal is plain text, as uvicorn's own 400 for a head it cannot parse: the request's path,
and so its dialect, is not known (or not trusted) yet. After it the connection stops reading
into the parser, half-closes, and is closed a moment later, so a client still sending its head
reads the answer instead of a reset (after a megabyte more it is no longer read at all).
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from contacthub.config import Settings

# How long a refused connection is kept half-open, reading and dropping what the client still
# sends (up to LINGER_BYTES, then it is not read), so that it reads the refusal rather than a
# reset (nginx's lingering_close).
LINGER_S = 2.0
LINGER_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class HeadLimits:
    max_line: int = 16 * 1024  # the request line, and each header line (name and value)
    max_head: int = 64 * 1024  # request line and headers together
    timeout_s: float = 20.0  # from a head's first byte to its end

    @classmethod
    def from_settings(cls, settings: Settings) -> HeadLimits:
        return cls(
            max_line=settings.max_request_line_bytes,
            max_head=settings.max_header_bytes,
            timeout_s=settings.header_timeout_s,
        )


class _Refused(Exception):
    """Raised inside a parser callback to stop parsing; the refusal is already chosen."""


class HeadLimitedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the head of each request bounded in size and time."""

    def __init__(self, *args: Any, limits: HeadLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or HeadLimits()
        self._reading_head = True  # between requests, or inside a request's head
        self._head_left = self.limits.max_head
        self._head_timer: asyncio.TimerHandle | None = None
        self._refusal: tuple[int, str] | None = None  # once set, nothing more is parsed
        self._dropped = 0  # bytes read after the refusal

    @classmethod
    def with_limits(cls, limits: HeadLimits) -> Any:
        """The protocol "class" to give uvicorn (``http=``): picklable, for ``--workers``."""
        return functools.partial(cls, limits=limits)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()  # a connection that never sends a whole head is closed too

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None:  # lingering after a refusal: read and dropped
            self._dropped += len(data)
            if self._dropped > LINGER_BYTES and not self.transport.is_closing():
                self.transport.pause_reading()
            return
        while self._reading_head and len(data) > self._head_left:
            if self._head_timer is None:
                self._arm_head_timer()
            piece, data = data[: self._head_left], data[self._head_left :]
            self._head_left = 0
            super().data_received(piece)  # the head may end in it (then the budget is new)
            if self._refusal is not None or self.transport.is_closing():
                return
            if self._reading_head and self._head_left == 0:
                self._refuse(431, "The request's headers are too large.")
                return
        if self._reading_head:
            self._head_left -= len(data)
            if self._head_timer is None and data:
                self._arm_head_timer()
        if data:
            super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if not self._reading_head:
            # The request before was answered without its on_message_complete (answered at
            # once, contacthub.server.protocol): this head's budget starts here.
            self._reading_head = True
            self._head_left = self.limits.max_head
        if self._head_timer is None:
            self._arm_head_timer()  # a request pipelined behind another in the same read

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > self.limits.max_line:
            self._refusal = (414, "The request line is too long.")
            raise _Refused
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        if len(name) + len(value) > self.limits.max_line:
            self._refusal = (431, "A request header is too large.")
            raise _Refused
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self.head_read()
        super().on_headers_complete()

    def head_read(self) -> None:
        """The head is in: its timer stops, and bytes go on to the parser unbounded here (the
        app bounds bodies)."""
        self._reading_head = False
        self._cancel_head_timer()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_head = True
        self._head_left = self.limits.max_head

    def send_400_response(self, msg: str) -> None:
        # uvicorn's answer to a parser error, and so to a callback that refused (_Refused).
        if self._refusal is None:
            super().send_400_response(msg)
            return
        self._refuse(*self._refusal)

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with ``message``, stop parsing, half-close, close soon after."""
        self._refusal = (status, message)
        self._cancel_head_timer()
        body = message.encode("ascii")
        content = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            content += (name, b": ", value, b"\r\n")
        content += (
            b"content-type: text/plain; charset=utf-8\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
            body,
        )
        transport = self.transport
        transport.write(b"".join(content))
        if transport.can_write_eof():
            transport.write_eof()
            self.loop.call_later(LINGER_S, transport.close)
        else:
            transport.close()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.limits.timeout_s, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or not self._reading_head:
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # A request before this one is still being answered (reading is paused meanwhile):
            # the time is not the client's.
            self._arm_head_timer()
            return
        if self._head_left == self.limits.max_head:
            self.transport.close()  # nothing of a request arrived: an idle connection
            return
        self._refuse(408, "The request's headers did not arrive in time.")
