"""The domain's errors. Each carries a stable ``code`` and a human message; no HTTP status here.

Every dialect owns a table from these classes to its own status code and error envelope, so the
same ``NotFound`` becomes Laravel's 404, a Rails 404 and an RFC 9457 problem in the native API.
"""

from __future__ import annotations

from collections.abc import Mapping


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

    Its message goes to clients as it is, so the database layer words it itself and never puts
    the driver's text in it (that names files, hosts and statements; it goes to the log).
    """

    code = "unavailable"


class TakenOver(Conflict):
    """Another run of the same import file took this import over; this run stops."""

    code = "import_taken_over"


# HubError and every class below it, subclasses of subclasses too (the core raises the base
# itself where no kind fits: an import's unexpected failure). Each dialect's status table has
# exactly these keys (tests/dialects/test_error_tables.py): ``STATUS[type(error)]`` never misses.
ALL_ERRORS: tuple[type[HubError], ...] = (
    HubError,
    NotFound,
    Conflict,
    Invalid,
    Unauthorized,
    Forbidden,
    RateLimited,
    Unavailable,
    TakenOver,
)
