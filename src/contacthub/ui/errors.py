"""The web interface's errors: a page with the status the error deserves, never a 500.

SignInRequired             -> 303 to /ui/login?next=<the page>
HubError                   -> its status (the table below) and a page with its message
Litestar's 4xx (a bad form) -> the same status and page
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Response
from litestar.exceptions import HTTPException

from contacthub.dialects.http import AnyRequest
from contacthub.errors import (
    Conflict,
    Forbidden,
    HubError,
    Invalid,
    NotFound,
    RateLimited,
    TakenOver,
    Unauthorized,
    Unavailable,
)
from contacthub.ui.render import page
from contacthub.ui.session import SignInRequired, redirect

# Every HubError class (errors.ALL_ERRORS), as in each dialect's table: a new one without a
# status fails tests/ui/test_errors.py instead of rendering as something else.
STATUS: dict[type[HubError], int] = {
    HubError: 400,
    TakenOver: 409,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    Unauthorized: 401,
    Forbidden: 403,
    RateLimited: 429,
    Unavailable: 503,
}
TITLES = {
    400: "Something is wrong",
    401: "Sign in again",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    422: "Check the form",
    429: "Too many attempts",
    503: "The database is unavailable",
}


def status_of(error: HubError) -> int:
    return STATUS[type(error)]


def error_page(request: AnyRequest, status: int, message: str) -> Response[str]:
    return page(
        request,
        None,
        "error.html",
        status=status,
        title=TITLES.get(status, "Error"),
        message=message,
    )


def on_hub_error(request: AnyRequest, error: HubError) -> Response[Any]:
    status = status_of(error)
    answer = error_page(request, status, error.message)
    if isinstance(error, RateLimited):
        answer.headers["Retry-After"] = str(error.retry_after)
    return answer


def on_http_error(request: AnyRequest, error: HTTPException) -> Response[Any]:
    status = error.status_code if 400 <= error.status_code < 500 else 400
    return error_page(request, status, str(error.detail))


def on_sign_in_required(request: AnyRequest, error: SignInRequired) -> Response[Any]:
    return redirect(f"/ui/login?next={quote(error.back_to, safe='/')}")


HANDLERS: dict[Any, Any] = {
    HubError: on_hub_error,
    HTTPException: on_http_error,
    SignInRequired: on_sign_in_required,
}
