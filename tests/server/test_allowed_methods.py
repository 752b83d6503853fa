"""OPTIONS lists every method a path serves, and a 405's Allow says the same, in every API.

Litestar 2's own OPTIONS answer listed the methods registered before it (``OPTIONS
/api/hub/v1/tags`` said ``OPTIONS, POST``); contacthub.server.allowed_methods answers from the
route.
"""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from tests.factories import Org

SERVED = [
    ("/api/hub/v1/tags", "GET, OPTIONS, POST"),
    ("/api/hub/v1/tags/1", "DELETE, GET, OPTIONS, PATCH"),
    ("/api/hub/v1/contacts/1/tags", "GET, OPTIONS, POST, PUT"),
    ("/api/contact_bases/1/contacts/1.json", "GET, OPTIONS, PATCH, PUT"),
    ("/api/v1/contact-lists/1", "DELETE, GET, OPTIONS, PUT"),
    ("/api/v1/clients/attributes", "GET, OPTIONS, POST"),
    ("/api/v1/getContacts", "DELETE, GET, OPTIONS, PATCH, POST, PUT"),
]


@pytest.mark.parametrize(("path", "allowed"), SERVED)
async def test_options_lists_every_method_of_the_path(
    client: AsyncClient, path: str, allowed: str
) -> None:
    answer = await client.options(path)
    assert answer.status_code == 204
    assert answer.headers["allow"] == allowed


@pytest.mark.parametrize(
    "path", ["/api/hub/v1/tags/1", "/api/v1/getContacts", "/api/v1/contact-lists/1"]
)
async def test_a_405_names_the_methods_that_are_allowed(
    client: AsyncClient, org: Org, path: str
) -> None:
    options = await client.options(path)
    allowed = {method.strip() for method in options.headers["allow"].split(",")}
    # Watbot's 405 dropped Allow (RFC 9110 requires it; Laravel sends it too).
    refused = await client.request("TRACE", path, headers=org.auth)
    assert refused.status_code == 405
    assert {method.strip() for method in refused.headers["allow"].split(",")} == allowed
