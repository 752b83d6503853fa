"""uvicorn's httptools protocol, made to accept raw UTF-8 in the request line.

The vendors' own PHP examples build URLs by plain concatenation (``...&name=Город``) and curl
sends those bytes unencoded. nginx and PHP accept them; llhttp (and h11) answer 400. So before the
parser sees a request line, its bytes >= 0x80 are percent-encoded: ``Город`` reaches the app as
``%D0%93%D0%BE%D1%80%D0%BE%D0%B4``, which every query parser decodes back to the same text.

    bytes in ──> (start of a request? encode the line's non-ASCII bytes) ──> llhttp ──> ASGI

Only the line that starts a request is touched, never headers or bodies. A request pipelined
behind another in the same read passes through unchanged (curl and PHP do not pipeline).
"""

from __future__ import annotations

import re
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# A request line longer than this is left to the parser to refuse.
MAX_REQUEST_LINE = 64 * 1024
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def encode_request_line(line: bytes) -> bytes:
    """Percent-encode the bytes of a request line that HTTP does not allow raw."""
    return _NON_ASCII.sub(lambda match: b"%%%02X" % match.group()[0], line)


class Utf8UrlHttpToolsProtocol(HttpToolsProtocol):
    """``uvicorn --http`` class: httptools, plus raw UTF-8 accepted in request lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._at_request_start = True
        self._held = b""

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
