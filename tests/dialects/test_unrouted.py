"""A path no route serves still answers in its vendor's error shape (issue 20 item 4): the
vendors' clients read their own error bodies, and Litestar's {"detail": "Not Found"} gave them
an empty message. The rule is dialects/unrouted.py."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import Org
from tests.reliability import envelopes

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"

# (dialect, method, path, headers, query): what the real clients sent.
CASES = [
    ("twin", "GET", "/api/v1/users/me", {"Authorization": f"Bearer {JWT}"}, {}),
    ("twin", "GET", "/api/v1/users/me", {}, {}),  # no credential: a REST path is TWIN's
    ("plusofon", "GET", "/api/v1/payment/balance", {"Client": "10553"}, {}),
    ("plusofon", "POST", "/api/v1/payment/invoice", {"Client": "10553"}, {}),
    ("watbot", "GET", "/api/v1/sendMessage", {}, {"api_token": "x"}),
    ("watbot", "GET", "/api/v1/unknown/deeper", {}, {"api_token": "x"}),
    ("watbot", "GET", "/api/v1/sendMessage", {}, {}),  # one camelCase segment: a method
    ("obzvonilka", "GET", "/api/get_voice_record_info.json", {}, {"api_key": "x"}),
    ("obzvonilka", "GET", "/api/nonexistent.json", {}, {}),
    ("obzvonilka", "POST", "/api/calls", {"X-API-KEY": "x"}, {}),
    ("native", "GET", "/api/hub/v1/nothing-here", {}, {}),
]


@pytest.mark.parametrize(
    ("dialect", "method", "path", "headers", "query"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES],
)
async def test_an_unclaimed_vendor_path_answers_in_the_vendors_shape(
    client: httpx.AsyncClient,
    org: Org,
    dialect: str,
    method: str,
    path: str,
    headers: dict[str, str],
    query: dict[str, str],
) -> None:
    answer = await client.request(method, path, headers=headers, params=query)
    assert answer.status_code == 404, answer.text
    envelopes.check(dialect, answer)
    assert "detail" not in answer.json() or dialect == "native"


async def test_outside_every_api_no_vendor_answers(client: httpx.AsyncClient) -> None:
    answer = await client.get("/nowhere")
    assert answer.status_code == 404
    assert "error" not in answer.text
