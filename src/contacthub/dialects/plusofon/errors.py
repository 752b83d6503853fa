"""Plusofon's error answers: ``{"success": false, "message": ...}`` with the status of the vendor's
table (400 wrong parameter, with Laravel's ``errors`` map for validation; 404 with ``error``;
403 "Недостаточно прав"), plus honest statuses where the table has none (401, 405, 409, 413,
415, 429). The vendor answers "no access" with 500; here a 5xx is only ever a fault of the server
(503 when the database is unreachable, 500 for a bug, logged).
"""

from __future__ import annotations

import logging

from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)

from contacthub.dialects.error_tables import (
    ErrorAnswer,
    ErrorRequest,
    StatusTable,
    error_headers,
    json_answer,
    status_of,
)
from contacthub.dialects.http import ErrorHandler
from contacthub.dialects.plusofon import schemas as wire
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

logger = logging.getLogger("contacthub.plusofon")

PREFIX = "/api/v1/contact-lists"
LOGIN_PATH = "/api/v1/login"

STATUS: StatusTable = {
    HubError: 400,  # the base itself: an error of no more specific kind
    Invalid: 400,
    NotFound: 404,
    Unauthorized: 401,
    Forbidden: 403,
    Conflict: 409,
    RateLimited: 429,
    Unavailable: 503,
    TakenOver: 409,
}
NO_RIGHTS = "Недостаточно прав"
NOT_FOUND = "Список контактов не найден"


def failure(
    status: int,
    *,
    message: str | None = None,
    error: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> ErrorAnswer:
    body = wire.Failure(success=False, message=message, error=error, errors=errors or None)
    return json_answer(status, body, headers=headers)


def _hub_error(error: HubError) -> ErrorAnswer:
    status = status_of(STATUS, error)
    if isinstance(error, NotFound):
        # Every entity of this API is a contact list.
        return failure(404, error=NOT_FOUND)
    if isinstance(error, Forbidden):
        return failure(403, message=NO_RIGHTS)
    if isinstance(error, Unauthorized):
        return failure(401, message=error.message, headers=error_headers(error, challenge="Bearer"))
    if isinstance(error, RateLimited):
        return failure(
            429,
            message=f"Слишком много запросов, повторите через {error.retry_after} с",
            headers=error_headers(error),
        )
    if isinstance(error, Unavailable):
        return failure(503, message="Сервис временно недоступен, повторите запрос позже")
    fields = error.fields if isinstance(error, Invalid) else None
    return failure(status, message=error.message, errors=fields)


def render(request: ErrorRequest, error: Exception) -> ErrorAnswer:
    """``error`` in Plusofon's envelope, for both lanes (error_tables.ErrorAnswer)."""
    if isinstance(error, HubError):
        return _hub_error(error)
    if isinstance(error, NotFoundException):
        return failure(404, error=f"Нет метода {request.method} {request.path}")
    if isinstance(error, MethodNotAllowedException):
        return failure(
            405,
            message=f"Метод {request.method} не поддерживается для {request.path}",
            headers=error.headers,
        )
    if isinstance(error, ValidationException):
        return failure(400, message="Неверные параметры запроса")
    if isinstance(error, HTTPException) and error.status_code < 500:
        if error.status_code == 413:
            return failure(413, message="Тело запроса слишком велико")
        return failure(error.status_code, message=error.detail, headers=error.headers)
    logger.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
    return failure(500, message="Внутренняя ошибка сервера; она записана в журнал")


# Litestar's exception handler for this API's routes.
render_error = ErrorHandler(render)


def claims(path: str) -> bool:
    return path in (PREFIX, LOGIN_PATH) or path.startswith(PREFIX + "/")
