"""Every dialect maps every domain error, by its exact class, and only a server fault is ever a
5xx. A class missing from a table would be a KeyError at render time (``status_of``), so the
tables are checked against every HubError subclass, subclasses of subclasses included."""

from __future__ import annotations

import pytest
from litestar import Request

from contacthub.app import default_dialects
from contacthub.dialects import Dialect
from contacthub.errors import (
    ALL_ERRORS,
    Forbidden,
    HubError,
    Invalid,
    RateLimited,
    Unauthorized,
    Unavailable,
)

DIALECTS = default_dialects()


def _instance(kind: type[HubError]) -> HubError:
    if kind is RateLimited:
        return RateLimited("slow down", retry_after=30)
    if kind is Invalid:
        return Invalid("bad", fields={"name": ["is required"]})
    return kind("something happened")


def _request(path: str) -> Request:  # type: ignore[type-arg]
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "app": None,
        "state": {},
        "path_params": {},
    }
    return Request(scope)  # type: ignore[arg-type]


def every_subclass(kind: type[HubError]) -> set[type[HubError]]:
    """Every class below ``kind`` (DIALECTS above imported the whole app, so the core's own
    subclasses are loaded)."""
    found = set()
    for child in kind.__subclasses__():
        found |= {child, *every_subclass(child)}
    return found


def test_the_error_list_is_complete() -> None:
    assert set(ALL_ERRORS) == {HubError} | every_subclass(HubError)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_every_dialects_table_has_every_error(dialect: Dialect) -> None:
    # HubError itself too: the core raises the base where no kind fits (an import's failure).
    assert set(dialect.statuses) == {HubError} | every_subclass(HubError)
    assert dialect.statuses[HubError] == 400  # as when a lookup defaulted to 400


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", ALL_ERRORS, ids=lambda k: k.__name__)
def test_an_error_renders_its_tables_status(dialect: Dialect, kind: type[HubError]) -> None:
    response = dialect.render_error(_request("/"), _instance(kind))
    if kind is Invalid and dialect.name == "watbot":
        assert response.status_code == 422  # Laravel's validation failure, whatever the table
    else:
        assert response.status_code == dialect.statuses[kind], (dialect.name, kind)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", ALL_ERRORS, ids=lambda k: k.__name__)
def test_a_subclass_renders_as_its_parent_where_the_tables_say_so(
    dialect: Dialect, kind: type[HubError]
) -> None:
    """Subclasses exist for the code, not for a new status: each has its parent's."""
    parent = kind.__mro__[1]
    if kind is not HubError and parent is not HubError:
        assert dialect.statuses[kind] == dialect.statuses[parent], (dialect.name, kind)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_retry_after_and_the_challenge_come_from_one_helper(dialect: Dialect) -> None:
    limited = dialect.render_error(_request("/"), RateLimited("slow down", retry_after=17))
    assert limited.headers.get("Retry-After") == "17"
    refused = dialect.render_error(_request("/"), Unauthorized("who are you"))
    # Obzvonilka and Watbot (Rails, Laravel) send no challenge; the others say Bearer.
    challenge = refused.headers.get("WWW-Authenticate")
    if dialect.name in {"obzvonilka", "watbot"}:
        assert challenge is None
    else:
        assert challenge is not None
        assert challenge.startswith("Bearer")


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", ALL_ERRORS, ids=lambda k: k.__name__)
def test_every_error_is_mapped_honestly(dialect: Dialect, kind: type[HubError]) -> None:
    response = dialect.render_error(_request("/"), _instance(kind))
    if kind is Unavailable:
        assert response.status_code == 503
    else:
        assert 400 <= response.status_code < 500, (dialect.name, kind, response.status_code)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_an_unexpected_error_is_a_500_without_details(dialect: Dialect) -> None:
    response = dialect.render_error(_request("/"), RuntimeError("SELECT secret FROM x"))
    assert response.status_code == 500
    assert "SELECT" not in str(response.content)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
def test_a_refused_role_is_403_in_every_dialect(dialect: Dialect) -> None:
    # Forbidden is what a member gets for an administrator's action (core/principal.py).
    response = dialect.render_error(_request("/"), Forbidden("only an administrator may x"))
    assert response.status_code == 403
