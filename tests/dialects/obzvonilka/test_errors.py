"""The error table and the paths this API claims for its 404s."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from httpx import AsyncClient as Client
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from contacthub.dialects.error_tables import ErrorRequest
from contacthub.dialects.obzvonilka.errors import STATUS, claims, render
from contacthub.errors import (
    ALL_ERRORS,
    Conflict,
    Forbidden,
    HubError,
    Invalid,
    NotFound,
    RateLimited,
    Unauthorized,
    Unavailable,
)
from tests.factories import Org

REQUEST = ErrorRequest("GET", "/api/users.json")


def rendered(error: Exception) -> tuple[int, Any, dict[str, str]]:
    status, headers, body = render(REQUEST, error)
    return status, msgspec.json.decode(body), dict(headers)


@pytest.mark.parametrize("error_class", ALL_ERRORS)
def test_every_hub_error_is_mapped_and_only_unavailability_is_5xx(
    error_class: type[HubError],
) -> None:
    assert error_class in STATUS
    expected_5xx = error_class is Unavailable
    assert (STATUS[error_class] >= 500) is expected_5xx


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (NotFound("contact 9 does not exist"), 404, {"status": 404, "error": "Not Found"}),
        (Unauthorized("Invalid API key"), 401, {"error": "Invalid API key"}),
        (Forbidden("no"), 403, {"error": "no"}),
        (Invalid.field("phones[2]", "bad"), 422, {"errors": {"phone3": ["bad"]}}),
        (Invalid("not about a field"), 422, {"errors": {"base": ["not about a field"]}}),
        (Conflict("taken"), 422, {"errors": {"base": ["taken"]}}),
        (
            Unavailable("db down"),
            503,
            {"status": 503, "error": "Service Unavailable", "message": "db down"},
        ),
        (NotFoundException(), 404, {"status": 404, "error": "Not Found"}),
        (MethodNotAllowedException(), 404, {"status": 404, "error": "Not Found"}),
        (RequestEntityTooLarge(), 413, {"status": 413, "error": "Request Entity Too Large"}),
        (RuntimeError("bug"), 500, {"status": 500, "error": "Internal Server Error"}),
    ],
)
def test_errors_render_as_the_rails_app_does(
    error: Exception, status: int, body: dict[str, Any]
) -> None:
    got_status, got_body, _ = rendered(error)
    assert (got_status, got_body) == (status, body)


def test_rate_limits_say_when_to_retry() -> None:
    status, body, headers = rendered(RateLimited("slow down", retry_after=7))
    assert (status, body, headers["Retry-After"]) == (429, {"error": "slow down"}, "7")


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        ("/api/contact_bases.json", True),
        ("/api/contact_bases/1/anything", True),
        ("/api/users", True),
        ("/api/users.json", True),
        ("/api/report/call_history", True),
        ("/api/hub/v1/contacts", False),
        ("/api/usersx", True),  # the Rails app's 404 (dialects/unrouted.py)
        ("/api/get_voice_record_info.json", True),
        ("/api/v1/contacts", False),
        ("/contact_bases.json", False),
        ("/x/api/users.json", False),
    ],
)
def test_claims_the_rails_apps_paths(path: str, claimed: bool) -> None:
    assert claims(path) is claimed


@pytest.mark.parametrize(
    "path",
    [
        "/api/contact_bases/1/contacts/1/phones.json",
        "/api/report/call_history",
        "/api/users/1/edit",
    ],
)
async def test_unrouted_paths_under_its_resources_are_rails_404s(
    client: Client, org: Org, path: str
) -> None:
    answer = await client.get(path, params={"api_key": org.token})
    assert answer.status_code == 404
    assert answer.json() == {"status": 404, "error": "Not Found"}
