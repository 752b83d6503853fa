"""The domain's errors. Each carries a stable ``code`` and a human message; no HTTP status here.

Every dialect owns a table from these classes to its own status code and error envelope, so the
same ``NotFound`` becomes Laravel's 404, a Rails 404 and an RFC 9457 problem in the native API.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

_log = logging.getLogger("contacthub.db")


class HubError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFound(HubError):
    """The record does not exist, or belongs to another organization (the two look the same)."""

    code = "not_found"


class Conflict(HubError):
    """The write would break a uniqueness rule (a duplicate name, email...)."""

    code = "conflict"


class Invalid(HubError):
    """The input is malformed. ``fields`` maps a field name to its messages."""

    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        fields: Mapping[str, list[str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.fields: dict[str, list[str]] = dict(fields or {})

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        return cls(message, fields={name: [message]})


class Unauthorized(HubError):
    """No credential, or one that is unknown, revoked or expired."""

    code = "unauthorized"


class Forbidden(HubError):
    """The credential is good but may not do this."""

    code = "forbidden"


class RateLimited(HubError):
    """Too many attempts; ``retry_after`` is in seconds."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(HubError):
    """The database cannot be reached or is busy beyond the configured wait.

    The database layer words it as ``"<what happened>: <the driver's text>"``. Clients get only
    what happened: the driver's text names files, hosts, columns and statements, so it goes to
    the log (``detail`` keeps the whole of it), once, here, where every such error passes.
    """

    code = "unavailable"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        public, colon, _ = message.partition(": ")
        super().__init__(public if colon else message, code=code)
        self.detail = message
        if colon:
            _log.warning("%s", message)


ALL_ERRORS: tuple[type[HubError], ...] = (
    NotFound,
    Conflict,
    Invalid,
    Unauthorized,
    Forbidden,
    RateLimited,
    Unavailable,
)
