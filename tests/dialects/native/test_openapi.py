"""/openapi.json describes the native API, and only it: its errors, bodies, files and forms."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from httpx import AsyncClient

from contacthub.core.bulk.exports import MEDIA_TYPES
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.errors import PROBLEM_JSON, problem, problem_body
from contacthub.dialects.native.routes.imports import FORM_FIELDS
from tests.factories import Org, make_contact

API = "/api/hub/v1"
PROBLEM = {"schema": {"$ref": "#/components/schemas/Problem"}}
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture
async def document(client: AsyncClient) -> dict[str, Any]:
    answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    found: dict[str, Any] = answer.json()
    return found


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


async def test_only_the_native_api_is_documented(document: dict[str, Any]) -> None:
    # The vendors' APIs are described by the vendors' documents (docs/COVERAGE.md lists them).
    assert all(path.startswith(f"{API}/") for path in document["paths"])
    assert len(_operations(document)) >= 50


async def test_every_error_is_a_documented_problem(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        where = f"{method.upper()} {path}"
        statuses = {int(status) for status in operation["responses"]}
        assert {401, 503} <= statuses, where
        if "{" in path:
            assert 404 in statuses, where
        if "requestBody" in operation:
            assert {400, 413, 422} <= statuses, where
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {PROBLEM_JSON: PROBLEM}, (where, status)


async def test_request_bodies_refuse_unknown_fields(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    bodies = [
        operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        for _, _, operation in _operations(document)
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    assert bodies
    for ref in bodies:
        assert schemas[ref.rsplit("/", 1)[1]]["additionalProperties"] is False, ref


async def test_problem_documents_match_their_schema() -> None:
    for errors in (None, {"name": ["name is required"]}):
        answer = problem(422, "name is required", code="invalid", errors=errors)
        sent = msgspec.json.decode(answer.body)
        assert msgspec.convert(sent, wire.Problem) == problem_body(
            422, "name is required", code="invalid", errors=errors
        )
        assert dict(answer.headers)["content-type"] == PROBLEM_JSON
        assert ("errors" in sent) == (errors is not None)


async def test_exports_are_documented_as_the_files_they_are(
    client: AsyncClient, org: Org, document: dict[str, Any]
) -> None:
    ok = document["paths"][f"{API}/exports"]["get"]["responses"]["200"]
    assert set(ok["content"]) == set(MEDIA_TYPES.values())
    await make_contact(org)
    for fmt, media_type in MEDIA_TYPES.items():
        answer = await client.get(f"{API}/exports", params={"format": fmt}, headers=org.auth)
        assert answer.status_code == 200
        # One charset (it was "text/csv; charset=utf-8; charset=utf-8").
        sent = answer.headers["content-type"]
        assert sent.split(";")[0] == media_type
        assert sent.count("charset") <= 1


async def test_the_import_form_is_documented_field_by_field(document: dict[str, Any]) -> None:
    operation = document["paths"][f"{API}/imports"]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(form["properties"]) == FORM_FIELDS
    assert form["required"] == ["file"]
    assert {400, 413, 415, 422} <= {int(status) for status in operation["responses"]}
