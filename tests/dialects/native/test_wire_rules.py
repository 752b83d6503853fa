"""The rules /openapi.json writes for request values are the core's rules, value for value.

Each documented schema is checked with jsonschema_rs (the validator schemathesis judges with,
ECMA's regex dialect) against the core function that enforces the rule, over every short string
of an alphabet chosen to split the dialects: Python's whitespace that ECMA's ``\\s`` lacks
(U+001C-U+001F, U+0085), ECMA's that Python's lacks (U+FEFF), NUL, newlines, ``@``. The core's
unnamed limits (wire_rules' literals) are held to the server's answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema_rs
import pytest
from httpx import AsyncClient

from contacthub.core.validation import optional_email, optional_text, required_text
from contacthub.core.vendor_ids import clean_vendor_id
from contacthub.dialects.native import wire_rules
from contacthub.errors import Invalid
from tests.factories import Org

API = "/api/hub/v1"
TRICKY = ["a", " ", "\t", "\n", "\x1c", "\x1f", "\x85", "\xa0", "\ufeff", "\x00", "@"]


def _strings(alphabet: list[str], longest: int) -> Iterator[str]:
    for length in range(longest + 1):
        for letters in itertools.product(alphabet, repeat=length):
            yield "".join(letters)


def _accepts(check: Callable[[str], object]) -> Callable[[str], bool]:
    def accepted(value: str) -> bool:
        try:
            return check(value) is not None
        except Invalid:
            return False

    return accepted


@pytest.fixture(scope="module")
async def schemas(client: AsyncClient) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get("/openapi.json")).json()["components"]["schemas"]
    return found


def _string_branch(schema: dict[str, Any]) -> dict[str, Any]:
    """The string schema of ``str | None`` (a oneOf with null) or of a plain ``str``."""
    for branch in schema.get("oneOf", [schema]):
        if branch.get("type") == "string":
            return dict(branch)
    raise AssertionError(f"no string in {schema}")


def _differences(
    schema: dict[str, Any], core: Callable[[str], bool], strings: Iterator[str]
) -> list[str]:
    validator = jsonschema_rs.validator_for(schema)
    return [value for value in strings if validator.is_valid(value) != core(value)]


async def test_required_names_are_the_cores(schemas: dict[str, Any]) -> None:
    schema = schemas["TagName"]["properties"]["name"]
    core = _accepts(lambda value: required_text("name", value, max_length=255))
    assert _differences(schema, core, _strings(TRICKY, 3)) == []


async def test_optional_texts_are_the_cores(schemas: dict[str, Any]) -> None:
    schema = _string_branch(schemas["ContactIn"]["properties"]["address"])
    core = _accepts(lambda value: optional_text("address", value, max_length=10_000) or "")
    assert _differences(schema, core, _strings(TRICKY, 3)) == []


async def test_email_addresses_are_the_cores(schemas: dict[str, Any]) -> None:
    blank_or_address = _string_branch(schemas["ContactIn"]["properties"]["email"])
    address = schemas["UserIn"]["properties"]["email"]
    strings = list(_strings(TRICKY, 4))
    assert (
        _differences(
            blank_or_address, _accepts(lambda v: optional_email("email", v) or ""), iter(strings)
        )
        == []
    )
    assert (
        _differences(address, _accepts(lambda v: optional_email("email", v)), iter(strings)) == []
    )


async def test_vendor_ids_are_the_cores(schemas: dict[str, Any]) -> None:
    values = schemas["ContactIn"]["properties"]["vendor_ids"]["oneOf"][0]["additionalProperties"]
    text = _string_branch(values)
    alphabet = ["A", "z", "0", "~", ":", "-", " ", "é", "/", "\x00"]
    core = _accepts(lambda value: clean_vendor_id("watbot", value))
    assert _differences(text, core, _strings(alphabet, 2)) == []
    assert _differences(text, core, iter(["a" * 64, "a" * 65])) == []
    number = next(branch for branch in values["oneOf"] if branch.get("type") == "integer")
    assert (number["minimum"], number["maximum"]) == (0, 2**63 - 1)


@pytest.mark.parametrize(
    ("path", "body", "field", "limit"),
    [
        (
            "users",
            {"email": "a@example.com", "password": "x" * 8},
            "password",
            "MAX_PASSWORD_LENGTH",
        ),
        ("users", {"email": "b@example.com", "password": "x" * 8}, "name", "MAX_USER_NAME"),
        ("tokens", {}, "label", "MAX_TOKEN_LABEL"),
    ],
)
async def test_limits_the_core_does_not_name_are_its_own(
    client: AsyncClient, org: Org, path: str, body: dict[str, str], field: str, limit: str
) -> None:
    most = getattr(wire_rules, limit)
    over = await client.post(
        f"{API}/{path}", json={**body, field: "x" * (most + 1)}, headers=org.auth
    )
    assert over.status_code == 422
    assert field in over.json()["errors"]
    at = await client.post(f"{API}/{path}", json={**body, field: "x" * most}, headers=org.auth)
    assert at.status_code == 201
