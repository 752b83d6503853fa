"""RFC 9457 problem documents for every error of the native API."""

from __future__ import annotations

import logging
from http import HTTPStatus

from litestar.exceptions import HTTPException, ValidationException
from msgspec import UNSET

from contacthub.dialects.error_tables import (
    ErrorAnswer,
    ErrorRequest,
    StatusTable,
    error_headers,
    json_answer,
    status_of,
)
from contacthub.dialects.http import ErrorHandler
from contacthub.dialects.native import schemas as wire
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

logger = logging.getLogger("contacthub.native")

PROBLEM_JSON = "application/problem+json"

STATUS: StatusTable = {
    HubError: 400,  # the base itself: an error of no more specific kind
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    Unauthorized: 401,
    Forbidden: 403,
    RateLimited: 429,
    Unavailable: 503,
    TakenOver: 409,
}


def problem_body(
    status: int, detail: str, *, code: str, errors: dict[str, list[str]] | None = None
) -> wire.Problem:
    return wire.Problem(
        type="about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        code=code,
        errors=errors or UNSET,
    )


def problem(
    status: int,
    detail: str,
    *,
    code: str,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> ErrorAnswer:
    body = problem_body(status, detail, code=code, errors=errors)
    return json_answer(status, body, headers=headers, media_type=PROBLEM_JSON)


def _validation_errors(error: ValidationException) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if isinstance(error.extra, list):
        for item in error.extra:
            if isinstance(item, dict):
                key = str(item.get("key") or item.get("source") or "body")
                errors.setdefault(key, []).append(str(item.get("message", "invalid")))
    return errors


def render(request: ErrorRequest, error: Exception) -> ErrorAnswer:
    """``error`` as a problem document, for both lanes (error_tables.ErrorAnswer)."""
    if isinstance(error, HubError):
        status = status_of(STATUS, error)
        headers = error_headers(error, challenge='Bearer realm="contacthub"')
        fields = error.fields if isinstance(error, Invalid) else None
        return problem(status, error.message, code=error.code, errors=fields, headers=headers)
    if isinstance(error, ValidationException):
        return problem(
            400,
            "the request does not have the expected shape",
            code="bad_request",
            errors=_validation_errors(error),
        )
    if isinstance(error, HTTPException):
        status = error.status_code
        code = HTTPStatus(status).phrase.lower().replace(" ", "_")
        detail = error.detail if status < 500 else HTTPStatus(status).phrase
        return problem(status, detail, code=code, headers=error.headers)
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "the server failed; the error is logged", code="internal_error")


# Litestar's exception handler for the native routes (and the control plane's).
render_error = ErrorHandler(render)


def claims(path: str) -> bool:
    return path == "/api/hub" or path.startswith("/api/hub/")
