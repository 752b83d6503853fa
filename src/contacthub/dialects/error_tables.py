"""What every dialect's error rendering shares: the status lookup and the headers an error carries.

    HubError ──> status_of(the dialect's STATUS, error)     exact type, no default: a table
                                                            misses no error (tests/dialects/
                                                            test_error_tables.py)
             ──> error_headers(error, challenge)             Retry-After for RateLimited;
                                                            WWW-Authenticate for Unauthorized
                                                            in the dialects that send one

The envelope (a problem document, Laravel's, Rails', TWIN's, Plusofon's) stays each dialect's.
"""

from __future__ import annotations

from collections.abc import Mapping

from contacthub.errors import HubError, RateLimited, Unauthorized

StatusTable = Mapping[type[HubError], int]


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
