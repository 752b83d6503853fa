"""Native JSON bodies take the types the document says, not what Litestar would coerce."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import Org

API = "/api/hub/v1"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("bases", {"name": "База", "deleted": 0}, "deleted"),  # was False
        ("users", {"email": "a@example.com", "password": "x" * 8, "is_admin": "true"}, "is_admin"),
        ("contacts", {"base_id": "1"}, "base_id"),  # was the integer 1
        ("contacts", {"utm": {"source": 5}}, "utm.source"),
    ],
)
async def test_a_wrong_json_type_is_a_400_naming_the_field(
    client: AsyncClient, org: Org, path: str, body: dict[str, Any], field: str
) -> None:
    answer = await client.post(f"{API}/{path}", json=body, headers=org.auth)
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "bad_request"
    assert list(answer.json()["errors"]) == [field]


async def test_a_number_without_a_fraction_is_an_integer(client: AsyncClient, org: Org) -> None:
    # JSON Schema's integer: 7.0 is one (Python's json writes a float so).
    body = {"name": "База", "vendor_ids": {"obzvonilka": 7.0}}
    answer = await client.post(f"{API}/bases", json=body, headers=org.auth)
    assert answer.status_code == 201
    assert answer.json()["vendor_ids"] == {"obzvonilka": 7}
