"""Vendor limits: past ``per_second`` requests a second, the vendor's own 429."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.control.conftest import ADMIN, bearer, new_org

H = "/api/hub/v1"


async def test_watbot_past_two_a_second(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    url = f"/_contacthub/orgs/{org['id']}/limits"
    made = await admin_client.post(url, json={"dialect": "watbot", "per_second": 2}, headers=ADMIN)
    assert made.status_code == 201, made.text
    assert made.json()["per_second"] == 2
    token = {"api_token": str(org["api_token"])}
    answers = [await admin_client.get("/api/v1/getMe", params=token) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2].json() == {"message": "Too Many Attempts."}
    assert answers[2].headers["retry-after"] == "1"
    # Other dialects are not limited.
    assert (await admin_client.get(f"{H}/tags", headers=bearer(org))).status_code == 200
    await asyncio.sleep(1.05)
    assert (await admin_client.get("/api/v1/getMe", params=token)).status_code == 200
    listed = (await admin_client.get(url, headers=ADMIN)).json()
    assert [(limit["dialect"], limit["per_second"]) for limit in listed] == [("watbot", 2)]
    gone = await admin_client.delete(f"{url}/{listed[0]['id']}", headers=ADMIN)
    assert gone.status_code == 204
    answers = [await admin_client.get("/api/v1/getMe", params=token) for _ in range(5)]
    assert {answer.status_code for answer in answers} == {200}


async def test_a_limit_in_obzvonilkas_shape(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/limits",
        json={"dialect": "obzvonilka", "per_second": 1},
        headers=ADMIN,
    )
    key = {"api_key": str(org["api_token"])}
    first = await admin_client.get("/api/contact_bases.json", params=key)
    second = await admin_client.get("/api/contact_bases.json", params=key)
    assert first.status_code == 200
    assert second.status_code == 429
    assert set(second.json()) == {"error"}  # the Rails app's rate limit body (obzvonilka/errors.py)


async def test_a_new_limit_replaces_the_dialects_and_reset_removes_it(
    admin_client: httpx.AsyncClient,
) -> None:
    org = await new_org(admin_client)
    url = f"/_contacthub/orgs/{org['id']}/limits"
    for rate in (1, 5):
        await admin_client.post(url, json={"dialect": "native", "per_second": rate}, headers=ADMIN)
    assert [
        limit["per_second"] for limit in (await admin_client.get(url, headers=ADMIN)).json()
    ] == [5]
    await admin_client.post(f"/_contacthub/orgs/{org['id']}/reset", headers=ADMIN)
    assert (await admin_client.get(url, headers=ADMIN)).json() == []
    assert (await admin_client.delete(f"{url}/12345", headers=ADMIN)).status_code == 404


@pytest.mark.parametrize(
    "rule",
    [
        {},
        {"dialect": "watbot"},
        {"dialect": "acme", "per_second": 2},
        {"dialect": "watbot", "per_second": 0},
    ],
)
async def test_bad_limits_are_refused(admin_client: httpx.AsyncClient, rule: object) -> None:
    org = await new_org(admin_client)
    answer = await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/limits", json=rule, headers=ADMIN
    )
    assert answer.status_code in (400, 422), answer.text
    assert answer.headers["content-type"] == "application/problem+json"
