"""Each dialect renders an error once, framework-free (``errors.render``): what Litestar sends
through the wrapping exception handler is, byte for byte and header for header, the answer the
hot lane and the control plane send themselves (``ErrorAnswer.raw_headers``)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar import Request
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from contacthub.app import default_dialects
from contacthub.dialects import Dialect
from contacthub.dialects.error_tables import ErrorRequest
from contacthub.errors import ALL_ERRORS, HubError, Invalid, RateLimited

DIALECTS = default_dialects()
PATH = "/api/v1/somewhere"


def _hub_error(kind: type[HubError]) -> HubError:
    if kind is RateLimited:
        return RateLimited("slow down", retry_after=30)
    if kind is Invalid:
        return Invalid("bad", fields={"name": ["is required"]})
    return kind("something happened")


ERRORS: list[Exception] = [
    *(_hub_error(kind) for kind in ALL_ERRORS),
    NotFoundException(),
    MethodNotAllowedException(headers={"Allow": "GET, POST"}),
    ValidationException(extra=[{"key": "name", "message": "is required"}]),
    RequestEntityTooLarge(),
    HTTPException(status_code=415, detail="unsupported media type"),
    RuntimeError("a bug"),
]


def _request(method: str, path: str) -> Request[Any, Any, Any]:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "app": None,
        "state": {},
        "path_params": {},
    }
    return Request(scope)  # type: ignore[arg-type]


async def _sent_by_litestar(
    dialect: Dialect, request: Request[Any, Any, Any], error: Exception
) -> Any:
    """(status, headers, body) as Litestar sends the Response of the dialect's handler."""
    response = dialect.render_error(request, error)
    sent: list[Any] = []

    async def collect(message: Any) -> None:
        sent.append(message)

    async def nothing() -> Any:
        return {"type": "http.disconnect"}

    await response.to_asgi_response(app=None, request=request)(request.scope, nothing, collect)
    start, *bodies = sent
    return start["status"], list(start["headers"]), b"".join(m.get("body", b"") for m in bodies)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
async def test_litestar_sends_the_framework_free_answer(dialect: Dialect, error: Exception) -> None:
    answer = dialect.render(ErrorRequest("POST", PATH), error)
    sent = await _sent_by_litestar(dialect, _request("POST", PATH), error)
    assert sent == (answer.status, answer.raw_headers(), answer.body)
    assert answer.headers[-1][0] == "content-type"  # one content type, the last header
    assert [name for name, _ in sent[1]].count(b"content-type") == 1
    msgspec.json.decode(answer.body)  # every envelope is JSON


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_the_view_is_all_a_rendering_reads(dialect: Dialect) -> None:
    """Texts that name the request (Laravel's, Plusofon's) come from the view's method and path."""
    first = dialect.render(ErrorRequest("GET", "/api/v1/a"), NotFoundException())
    again = dialect.render(ErrorRequest("GET", "/api/v1/a"), NotFoundException())
    other = dialect.render(ErrorRequest("DELETE", "/api/v1/b"), NotFoundException())
    assert first == again
    if dialect.name in {"watbot", "plusofon"}:
        assert first.body != other.body
        assert b"api/v1/a" in first.body
