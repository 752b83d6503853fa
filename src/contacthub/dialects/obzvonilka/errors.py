"""The dialer's errors, as its Rails app renders them.

    401 {"error": "..."}                     a missing, unknown or revoked api_key
    404 {"status": 404, "error": "Not Found"} unknown route or method, unknown or foreign id
    422 {"errors": {"phone1": ["..."]}}      invalid attributes (keys are this API's attributes)
    400 {"status": 400, "error": "Bad Request", "message": "..."}  unreadable parameters
    503 {"status": 503, "error": "Service Unavailable", "message": "..."}  database unreachable

The ``{"status", "error"}`` bodies are what Rails' ``PublicExceptions`` answers for a ``.json``
request in production; the 400 adds a ``message`` so a client can see what to fix.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

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
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.mapping import wire_field
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

logger = logging.getLogger("contacthub.obzvonilka")

STATUS: StatusTable = {
    HubError: 400,  # the base itself: an error of no more specific kind
    NotFound: 404,
    Conflict: 422,
    Invalid: 422,
    Unauthorized: 401,
    Forbidden: 403,
    RateLimited: 429,
    Unavailable: 503,
    TakenOver: 422,  # a Conflict, as Rails answers one
}
# The first path segment under /api/ of every resource of this API.


def rails_status(
    status: int, message: str | None = None, headers: dict[str, str] | None = None
) -> ErrorAnswer:
    phrase = HTTPStatus(status).phrase
    shown = message if message and message != phrase else None
    # The Structs of every error body (schemas.py) are the OpenAPI document's (openapi.py).
    body = wire.RailsStatus(status=status, error=phrase, message=shown)
    return json_answer(status, msgspec.to_builtins(body), headers=headers)


def _hub_error(error: HubError) -> ErrorAnswer:
    status = status_of(STATUS, error)
    if isinstance(error, Invalid | Conflict):
        fields = error.fields if isinstance(error, Invalid) else {}
        errors: dict[str, list[str]] = {}
        for field, messages in fields.items():
            name = wire_field(field)
            # The core names its own fields in messages ("address is longer..."): say ours.
            errors.setdefault(name, []).extend(m.replace(field, name) for m in messages)
        # Rails puts what belongs to no attribute under "base".
        body = wire.RailsErrors(errors=errors or {"base": [error.message]})
        return json_answer(status, msgspec.to_builtins(body))
    if isinstance(error, Unauthorized | Forbidden | RateLimited):
        refused = msgspec.to_builtins(wire.RailsMessage(error=error.message))
        return json_answer(status, refused, headers=error_headers(error))
    if isinstance(error, Unavailable):
        # Rails' 503 body, with the one line that tells a client what to do about it.
        return rails_status(status, error.message)
    return rails_status(status)


def render(request: ErrorRequest, error: Exception) -> ErrorAnswer:
    """``error`` as the Rails app answers it, for both lanes (error_tables.ErrorAnswer)."""
    if isinstance(error, HubError):
        return _hub_error(error)
    if isinstance(error, NotFoundException | MethodNotAllowedException):
        # Rails routes by method and path together: a wrong method is an unknown route.
        return rails_status(404)
    if isinstance(error, HTTPException) and error.status_code < 500:
        return rails_status(error.status_code, error.detail, error.headers)
    logger.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
    return rails_status(500)


# Litestar's exception handler for this API's routes.
render_error = ErrorHandler(render)


def claims(path: str) -> bool:
    """Whether a path is the Rails app's: everything under ``/api/`` but the other APIs'
    ``/api/v1/`` and ``/api/hub/`` (an unknown ``/api/nonexistent.json`` answers its 404)."""
    prefix, _, rest = path.partition("/api/")
    if prefix or not rest:
        return False
    first = rest.split("/", 1)[0]
    return first not in ("v1", "hub")
