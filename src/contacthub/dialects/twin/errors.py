"""TWIN's error envelope: ``{"error": "<text>", "details": ...}`` with an honest status.

The PHP SDK reads ``error`` and ``details`` and renews its token only on exactly
401 ``{"error": "Token is expired."}``, so that text is fixed; the other texts are this server's
own (the vendor's are not public), written as sentences like that one.
"""

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
from contacthub.dialects.twin import schemas as wire
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

logger = logging.getLogger("contacthub.twin")

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
PREFIX = "/api/v1"  # the IAM's and the chat's paths alike
TOKEN_EXPIRED = "Token is expired."  # noqa: S105 (a message, not a secret)
# Texts fixed by what the vendor's clients compare against.
_TEXTS = {"token_expired": TOKEN_EXPIRED}


def sentence(message: str) -> str:
    text = message.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def error_response(
    status: int,
    message: str,
    *,
    details: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> ErrorAnswer:
    # The Struct of every error body (schemas.py) is the OpenAPI document's (openapi.py).
    shown = UNSET if details is None else details
    return json_answer(status, wire.Failure(error=message, details=shown), headers=headers)


def _hub_error(error: HubError) -> ErrorAnswer:
    status = status_of(STATUS, error)
    if isinstance(error, Invalid) and error.code == "bad_request":
        status = 400
    headers = error_headers(error, challenge="Bearer")
    details = error.fields if isinstance(error, Invalid) and error.fields else None
    text = _TEXTS.get(error.code) or sentence(error.message)
    return error_response(status, text, details=details, headers=headers)


def render(request: ErrorRequest, error: Exception) -> ErrorAnswer:
    """``error`` in TWIN's envelope, for both lanes (error_tables.ErrorAnswer)."""
    if isinstance(error, HubError):
        return _hub_error(error)
    if isinstance(error, ValidationException):
        return error_response(400, "The request does not have the expected shape.")
    if isinstance(error, HTTPException):
        status = error.status_code
        text = error.detail if status < 500 and error.detail else HTTPStatus(status).phrase
        return error_response(status, sentence(text), headers=error.headers)
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "The server failed; the error is logged.")


# Litestar's exception handler for this API's routes.
render_error = ErrorHandler(render)


def claims(path: str) -> bool:
    """TWIN's paths here: the chat's client attributes and the IAM's login."""
    return path.startswith(("/api/v1/clients/", "/api/v1/auth/")) or path in (
        "/api/v1/clients",
        "/api/v1/auth",
    )
