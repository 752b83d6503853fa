"""uvicorn's httptools protocol, made to accept raw UTF-8 in the request line, with bounded heads
(contacthub.server.http_limits) and a loop turn's answers sent together
(contacthub.server.batched_transport).

Raw UTF-8. The vendors' own PHP examples build URLs by plain concatenation (``...&name=Город``)
and curl sends those bytes unencoded. nginx and PHP accept them; llhttp (and h11) answer 400. So
before the parser sees a request line, its bytes >= 0x80 are percent-encoded: ``Город`` reaches
the app as ``%D0%93%D0%BE%D1%80%D0%BE%D0%B4``, which every query parser decodes back to the same
text. Only the line that starts a request is touched, never headers or bodies. A request
pipelined behind another in the same read passes through unchanged (curl and PHP do not
pipeline).

Every request then takes uvicorn's own ASGI path (scope, request cycle, task). An earlier lane
here answered hot GETs as their headers were read, through uvicorn's private ``_start_asgi_task``
and ``cycle``; it bought 5-14% on the hot reads and was removed (issue 25) to keep this class to
uvicorn's documented extension points: ``data_received`` and the parser callbacks.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from contacthub.server.batched_transport import BatchedTransport
from contacthub.server.http_limits import HeadLimitedProtocol

# A request line longer than this is left to the parser to refuse.
MAX_REQUEST_LINE = 64 * 1024
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def encode_request_line(line: bytes) -> bytes:
    """Percent-encode the bytes of a request line that HTTP does not allow raw."""
    return _NON_ASCII.sub(lambda match: b"%%%02X" % match.group()[0], line)


class Utf8UrlHttpToolsProtocol(HeadLimitedProtocol):
    """``uvicorn --http`` class: httptools, heads bounded (contacthub.server.http_limits), raw
    UTF-8 accepted in request lines, writes batched per loop turn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._at_request_start = True
        self._held = b""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # Every write of the connection is sent as the loop's turn ends.
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
        # A request pipelined behind another began inside this read: its line went in unchanged.
        self._at_request_start = False

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._at_request_start = True
