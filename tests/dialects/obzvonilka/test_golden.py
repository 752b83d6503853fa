"""Golden wire cases: request/response pairs from the vendor document, kept as data files.

Each file in golden/ names the bases and users to create, then a sequence of exchanges; every
answer must equal the recorded status and JSON exactly (ids and clocks are deterministic).
``{api_key}`` in a request stands for the organization's key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient as Client

from tests.factories import Org, make_base, make_user

GOLDEN = Path(__file__).parent / "golden"
CASES = {path.stem: json.loads(path.read_text("utf-8")) for path in sorted(GOLDEN.glob("*.json"))}


def with_key(value: Any, api_key: str) -> Any:
    if isinstance(value, str):
        return value.replace("{api_key}", api_key)
    if isinstance(value, dict):
        return {k: with_key(v, api_key) for k, v in value.items()}
    if isinstance(value, list):
        return [with_key(v, api_key) for v in value]
    return value


def request_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "params": request.get("query", {}),
        "headers": request.get("headers", {}),
    }
    if "form" in request:
        kwargs["data"] = request["form"]
    if "multipart" in request:
        kwargs["files"] = {name: (None, value) for name, value in request["multipart"].items()}
    if "json" in request:
        kwargs["json"] = request["json"]
    return kwargs


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize("case", list(CASES))
async def test_golden(client: Client, org: Org, case: str) -> None:
    golden = CASES[case]
    for base in golden.get("bases", []):
        await make_base(org, base["name"], remark=base.get("remark"))
    for user in golden.get("users", []):
        await make_user(
            org, user["email"], name=user["name"], admin=user["admin"], enabled=user["enabled"]
        )
    for number, exchange in enumerate(golden["exchanges"], 1):
        request = with_key(exchange["request"], org.token)
        expected = exchange["response"]
        answer = await client.request(request["method"], request["path"], **request_kwargs(request))
        where = f"{case} exchange {number}: {request['method']} {request['path']}"
        assert answer.status_code == expected["status"], f"{where}: {answer.text}"
        assert answer.json() == expected["json"], where
        for name, value in expected.get("headers", {}).items():
            assert answer.headers[name] == value, where
