"""What every dialect's error rendering shares: the request view and answer both lanes use, the
status lookup and the headers an error carries.

    render(ErrorRequest(method, path), error) -> ErrorAnswer(status, headers, body)
        one framework-free function per dialect (its errors.py); Litestar's exception handler
        wraps the triple into a Response (contacthub.dialects.http.ErrorHandler), the hot lane
        and the control plane's faults send it as it is: the same bytes whichever lane answers

    HubError ──> status_of(the dialect's STATUS, error)     exact type, no default: a table
                                                            misses no error (tests/dialects/
                                                            test_error_tables.py)
             ──> error_headers(error, challenge)             Retry-After for RateLimited;
                                                            WWW-Authenticate for Unauthorized
                                                            in the dialects that send one

The envelope (a problem document, Laravel's, Rails', TWIN's, Plusofon's) stays each dialect's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import msgspec

from contacthub.errors import HubError, RateLimited, Unauthorized

StatusTable = Mapping[type[HubError], int]
JSON = "application/json"
_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class ErrorRequest:
    """What an error's rendering reads of its request: the method and the path (texts such as
    Laravel's "The route x could not be found.", and the log line of a server fault)."""

    method: str
    path: str


def scope_request(scope: Mapping[str, Any]) -> ErrorRequest:
    """The view of an ASGI request's scope (its path as Litestar's ``request.url.path`` reads
    it: after the root path)."""
    return ErrorRequest(str(scope.get("method", "GET")), scope.get("root_path", "") + scope["path"])


class ErrorAnswer(NamedTuple):
    """An error's answer: status, headers in order (the content type last; the server adds the
    length), and the encoded body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers as ASGI sends them, as Litestar's Response would: lower-case names in
        the same order, then the length."""
        raw = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in self.headers
        ]
        raw.append((b"content-length", b"%d" % len(self.body)))
        return raw


ErrorRenderer = Callable[[ErrorRequest, Exception], ErrorAnswer]


def json_answer(
    status: int, body: Any, *, headers: Mapping[str, str] | None = None, media_type: str = JSON
) -> ErrorAnswer:
    """``body`` (a dict or a wire Struct) encoded as Litestar encodes a Response's content
    (msgspec's JSON, unset fields left out), after ``headers`` and then the content type."""
    given = tuple((headers or {}).items())
    return ErrorAnswer(status, (*given, ("content-type", media_type)), _encoder.encode(body))


def status_of(table: StatusTable, error: HubError) -> int:
    """The status of ``error`` in a dialect's table: its exact class is a key (a KeyError here
    is a table that missed a class, which the error-table test catches first)."""
    return table[type(error)]


def error_headers(error: HubError, *, challenge: str | None = None) -> dict[str, str]:
    """The headers that tell a client what to do next: when to retry a refused attempt, and,
    where the dialect's vendor sends one, the credential scheme (``challenge``) to present."""
    headers: dict[str, str] = {}
    if challenge is not None and isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = challenge
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    return headers
