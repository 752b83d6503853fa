"""Every dialect maps every domain error, and only a server fault is ever a 5xx."""

from __future__ import annotations

import pytest
from litestar import Request

from contacthub.app import default_dialects
from contacthub.dialects import Dialect
from contacthub.errors import ALL_ERRORS, Forbidden, HubError, Invalid, RateLimited, Unavailable

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


def test_the_error_list_is_complete() -> None:
    assert set(ALL_ERRORS) == set(HubError.__subclasses__())


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
