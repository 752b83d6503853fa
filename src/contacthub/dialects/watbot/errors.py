"""Watbot's errors are Laravel's JSON errors: ``{"message": ...}``, plus ``errors`` on 422.

Unauthorized  401 {"message": "Unauthenticated."}
Invalid       422 {"message": "The given data was invalid.", "errors": {field: [messages]}}
NotFound      404 {"message": "..."}            (another organization's ids look the same)
Conflict      409, Forbidden 403, RateLimited 429 {"message": "Too Many Attempts."},
Unavailable   503; a malformed body 400; an unknown method 404 as Laravel words it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar.exceptions import HTTPException, MethodNotAllowedException, NotFoundException

from contacthub.dialects.error_tables import (
    ErrorAnswer,
    ErrorRequest,
    StatusTable,
    error_headers,
    json_answer,
    status_of,
)
from contacthub.dialects.http import ErrorHandler
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.rules import INVALID_DATA
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

logger = logging.getLogger("contacthub.watbot")

PREFIX = "/api/v1"
# Watbot's methods are camelCase names right under /api/v1 (getContacts, setContactVariable);
# the other dialects under /api/v1 use lower-case, hyphenated or nested paths.
_METHOD_PATH = re.compile(r"/api/v1/[a-z]+[A-Z][A-Za-z]*/?")

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
# Laravel's own texts where it has one; otherwise the core's message.
_FIXED_MESSAGES: dict[type[HubError], str] = {
    Unauthorized: "Unauthenticated.",
    Forbidden: "This action is unauthorized.",
    RateLimited: "Too Many Attempts.",
}


def laravel_error(
    status: int,
    message: str,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> ErrorAnswer:
    # The Struct the OpenAPI document's error schema is made from (openapi.py): one shape.
    body: dict[str, Any] = msgspec.to_builtins(wire.LaravelError(message=message, errors=errors))
    return json_answer(status, body, headers=headers)


def _hub_error(error: HubError) -> ErrorAnswer:
    status = status_of(STATUS, error)
    message = _FIXED_MESSAGES.get(type(error), error.message)
    headers = error_headers(error)
    if isinstance(error, Invalid):
        errors = error.fields or {"input": [error.message]}
        return laravel_error(422, INVALID_DATA, errors=errors)
    return laravel_error(status, message, headers=headers)


def render(request: ErrorRequest, error: Exception) -> ErrorAnswer:
    """``error`` as Laravel answers it, for both lanes (error_tables.ErrorAnswer)."""
    if isinstance(error, HubError):
        return _hub_error(error)
    if isinstance(error, NotFoundException):
        route = request.path.lstrip("/")
        return laravel_error(404, f"The route {route} could not be found.")
    if isinstance(error, MethodNotAllowedException):
        # Laravel's 405 (Symfony's MethodNotAllowedHttpException) carries Allow, as HTTP wants.
        return laravel_error(
            405,
            f"The {request.method} method is not supported for this route.",
            headers=error.headers,
        )
    if isinstance(error, HTTPException):
        status = error.status_code
        message = str(error.detail) if status < 500 else "Server Error"
        return laravel_error(status, message, headers=error.headers)
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return laravel_error(500, "Server Error")


# Litestar's exception handler for this API's routes.
render_error = ErrorHandler(render)


def claims(path: str) -> bool:
    return _METHOD_PATH.fullmatch(path) is not None
