"""POST /api/v1/auth/login and /refresh through HTTP: tokens, expiry, refresh, rate limits."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient as Client

from contacthub.core import users
from contacthub.core.scope import Hub
from tests.dialects.twin.conftest import LOGIN, PASSWORD, Operator, log_in
from tests.factories import Org, make_user
from tests.support import TestClock as Clock

REFRESH = "/api/v1/auth/refresh"
ATTRIBUTES = "/api/v1/clients/attributes"
EXPIRED = {"error": "Token is expired."}


def claims_of(token: str) -> dict[str, Any]:
    """What the vendor's SDK does: split in three, base64url-decode the middle, read ``exp``."""
    parts = token.split(".")
    assert len(parts) == 3
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload))
    return claims


async def test_login_answers_a_jwt_with_exp_and_a_refresh_token(
    client: Client, org: Org, clock: Clock
) -> None:
    now = clock.freeze()
    user = await make_user(org, "Anna@Example.com", PASSWORD)
    answer = await client.post(
        LOGIN,
        json={"email": "anna@example.com", "password": PASSWORD},
        headers={"Authorization": "Bearer null"},  # what scripts written for the vendor send
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"token", "refreshToken"}
    claims = claims_of(body["token"])
    assert claims["exp"] == int((now + timedelta(days=7)).timestamp())  # the default: a week
    assert claims["sub"] == str(user.id)
    assert claims["org"] == org.id
    assert answer.cookies["token"] == body["token"]
    assert answer.cookies["refresh_token"] == body["refreshToken"]

    listed = await client.get(ATTRIBUTES, headers={"Authorization": f"Bearer {body['token']}"})
    assert listed.status_code == 200
    assert listed.json() == {"count": 0, "items": []}


async def test_login_takes_the_sdks_full_body(client: Client, org: Org, clock: Clock) -> None:
    now = clock.freeze()
    await make_user(org, "sdk@example.com", PASSWORD)
    body = {"email": "sdk@example.com", "password": PASSWORD, "ttl": 3600, "companyId": None}
    answer = await client.post(LOGIN, json={**body, "extra": []})
    assert answer.status_code == 200, answer.text
    assert claims_of(answer.json()["token"])["exp"] == int(now.timestamp()) + 3600
    same_company = await client.post(LOGIN, json={**body, "companyId": org.id, "extra": {}})
    assert same_company.status_code == 200


async def test_login_for_a_company_without_the_account_fails_like_a_wrong_password(
    client: Client, org: Org, other_org: Org
) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    answer = await client.post(
        LOGIN, json={"email": "anna@example.com", "password": PASSWORD, "companyId": other_org.id}
    )
    wrong = await client.post(LOGIN, json={"email": "anna@example.com", "password": "wrong one"})
    assert answer.status_code == wrong.status_code == 401
    assert answer.json() == wrong.json()


async def test_a_nul_in_the_email_is_a_wrong_login_on_both_databases(
    client: Client, org: Org
) -> None:
    # Found by schemathesis over /openapi/twin.json: PostgreSQL refused the NUL (a 422 there).
    await make_user(org, "anna@example.com", PASSWORD)
    answer = await client.post(LOGIN, json={"email": "anna@example.com\x00", "password": PASSWORD})
    assert answer.status_code == 401, answer.text
    assert answer.json() == {"error": "The e-mail or the password is wrong."}


async def test_integer_fields_take_a_number_without_a_fraction(client: Client, org: Org) -> None:
    # JSON Schema's integer (the document's) is 3600.0 too; 1.5 is none.
    await make_user(org, "anna@example.com", PASSWORD)
    body = {"email": "anna@example.com", "password": PASSWORD, "ttl": 3600.0, "companyId": 0.0}
    taken = await client.post(LOGIN, json=body)
    assert taken.status_code == 200, taken.text
    refused = await client.post(LOGIN, json={**body, "ttl": 3600.5})
    assert refused.status_code == 422
    assert refused.json()["details"] == {"ttl": ["Expected `int | null`, got `float`"]}
    again = await client.post(REFRESH, json={"refreshToken": taken.json()["refreshToken"]})
    assert again.status_code == 200
    # The query's texts are numbers (the SDK sends them there); the body is JSON, typed.
    typed = await client.post(REFRESH, json={"refreshToken": "x", "ttl": "3600"})
    assert typed.status_code == 422
    assert typed.json()["details"] == {"ttl": ["Expected `int | null`, got `str`"]}
    texts = await client.post(f"{REFRESH}?ttl=3600", json={"refreshToken": "unknown"})
    assert texts.status_code == 401


@pytest.mark.parametrize("company", [2**63, -(2**63) - 1, 10**30])
async def test_a_company_id_no_stored_id_can_be_is_a_422(
    client: Client, org: Org, company: int
) -> None:
    # Found by schemathesis over /openapi/twin.json: it reached the database driver (a 500).
    await make_user(org, "anna@example.com", PASSWORD)
    body = {"email": "anna@example.com", "password": PASSWORD, "companyId": company}
    answer = await client.post(LOGIN, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {
        "error": f"CompanyId {company} is out of the range of ids.",
        "details": {"companyId": [f"companyId {company} is out of the range of ids"]},
    }


async def test_a_person_with_accounts_in_two_companies_picks_one_with_company_id(
    client: Client, org: Org, other_org: Org
) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    await make_user(other_org, "anna@example.com", "other company's password")
    oldest = await client.post(LOGIN, json={"email": "anna@example.com", "password": PASSWORD})
    assert claims_of(oldest.json()["token"])["org"] == org.id
    chosen = await client.post(
        LOGIN,
        json={
            "email": "anna@example.com",
            "password": "other company's password",
            "companyId": other_org.id,
        },
    )
    assert chosen.status_code == 200, chosen.text
    assert claims_of(chosen.json()["token"])["org"] == other_org.id
    # Without companyId only the oldest account is tried: the other password is wrong there.
    unnamed = {"email": "anna@example.com", "password": "other company's password"}
    assert (await client.post(LOGIN, json=unnamed)).status_code == 401


@pytest.mark.parametrize(
    ("email", "password"),
    [("anna@example.com", "wrong password"), ("nobody@example.com", PASSWORD)],
)
async def test_a_wrong_login_is_401_the_same_either_way(
    client: Client, org: Org, email: str, password: str
) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    answer = await client.post(LOGIN, json={"email": email, "password": password})
    assert answer.status_code == 401
    assert answer.json() == {"error": "The e-mail or the password is wrong."}


async def test_a_disabled_user_cannot_log_in(client: Client, org: Org) -> None:
    await make_user(org, "off@example.com", PASSWORD, enabled=False)
    answer = await client.post(LOGIN, json={"email": "off@example.com", "password": PASSWORD})
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("content", "status", "expected"),
    [
        (b"{not json", 400, {"error": "The request body is not valid JSON."}),
        (b"[1, 2]", 400, {"error": "The request body must be a JSON object."}),
        (
            b'{"email": "a@example.com"}',
            422,
            {"error": "Password is required.", "details": {"password": ["password is required"]}},
        ),
        (
            b'{"email": 5, "password": "x"}',
            422,
            {
                "error": "Invalid email: expected `str`, got `int`.",
                "details": {"email": ["Expected `str`, got `int`"]},
            },
        ),
        (
            b'{"email": "a@example.com", "password": "12345678", "ttl": "soon"}',
            422,
            {
                "error": "Invalid ttl: expected `int | null`, got `str`.",
                "details": {"ttl": ["Expected `int | null`, got `str`"]},
            },
        ),
        (
            b'{"email": "a@example.com", "password": "12345678", "ttl": 0}',
            422,
            {
                "error": "Ttl must be between 1 and 31622400 seconds.",
                "details": {"ttl": ["ttl must be between 1 and 31622400 seconds"]},
            },
        ),
    ],
)
async def test_bad_login_bodies(
    client: Client, org: Org, content: bytes, status: int, expected: dict[str, Any]
) -> None:
    answer = await client.post(LOGIN, content=content, headers={"Content-Type": "application/json"})
    assert answer.status_code == status
    assert answer.json() == expected


async def test_an_expired_token_is_401_token_is_expired(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await log_in(client, "anna@example.com", ttl=60)
    auth = {"Authorization": f"Bearer {tokens['token']}"}
    clock.advance(seconds=59)
    assert (await client.get(ATTRIBUTES, headers=auth)).status_code == 200
    clock.advance(seconds=1)
    expired = await client.get(ATTRIBUTES, headers=auth)
    assert expired.status_code == 401
    assert expired.json() == EXPIRED
    assert expired.headers["www-authenticate"] == "Bearer"


async def test_refresh_renews_and_rotates_both_tokens(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    first = await log_in(client, "anna@example.com", ttl=60)
    clock.advance(seconds=120)
    # The SDK's refresh: GET with a query string and the bare old token as Authorization.
    renewed = await client.get(
        REFRESH,
        params={"refreshToken": first["refreshToken"], "ttl": "600"},
        headers={"Authorization": first["token"]},
    )
    assert renewed.status_code == 200, renewed.text
    second = renewed.json()
    assert set(second) == {"token", "refreshToken"}
    assert second["token"] != first["token"]
    assert second["refreshToken"] != first["refreshToken"]
    new_auth = {"Authorization": f"Bearer {second['token']}"}
    assert (await client.get(ATTRIBUTES, headers=new_auth)).status_code == 200

    # The same refresh token again (another worker of the SDK): the same new pair, in the grace.
    again = await client.post(REFRESH, json={"refreshToken": first["refreshToken"], "ttl": 5})
    assert again.status_code == 200
    assert again.json() == second

    third = await client.post(REFRESH, json={"refreshToken": second["refreshToken"], "ttl": 3600})
    assert third.status_code == 200
    # The renewed token is signed and unexpired: it works on until its exp (10 minutes).
    assert (await client.get(ATTRIBUTES, headers=new_auth)).status_code == 200
    clock.advance(seconds=600)
    assert (await client.get(ATTRIBUTES, headers=new_auth)).json() == EXPIRED
    # Long after the grace, the first refresh token is taken for a stolen one: the login ends.
    reused = await client.post(REFRESH, json={"refreshToken": first["refreshToken"]})
    assert reused.status_code == 401
    assert reused.json() == {"error": "The refresh token was already used; the session has ended."}
    newest = {"Authorization": f"Bearer {third.json()['token']}"}
    assert (await client.get(ATTRIBUTES, headers=newest)).json() == {
        "error": "The session has ended."
    }


async def test_a_refresh_token_expires_30_days_after_its_access_token(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await log_in(client, "anna@example.com", ttl=60)
    clock.advance(days=30, seconds=60)
    answer = await client.post(REFRESH, json={"refreshToken": tokens["refreshToken"]})
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("body", "status"), [({}, 422), ({"refreshToken": 5}, 422), ({"refreshToken": "nope"}, 401)]
)
async def test_bad_refresh_requests(client: Client, body: dict[str, Any], status: int) -> None:
    answer = await client.post(REFRESH, json=body)
    assert answer.status_code == status
    assert "error" in answer.json()


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "A token is required."),
        ({"Authorization": "Bearer"}, "The token is not valid."),
        ({"Authorization": "Bearer not-a-jwt"}, "The token is not valid."),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "The token is not valid."),
        (
            {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjk5OTk5OTk5OTl9."},
            "The token is not valid.",
        ),
    ],
)
async def test_requests_without_a_good_token_are_401(
    client: Client, headers: dict[str, str], message: str
) -> None:
    answer = await client.get(ATTRIBUTES, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"error": message}


async def test_a_forged_signature_is_refused(client: Client, operator: Operator) -> None:
    header, payload, signature = operator.token.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    answer = await client.get(ATTRIBUTES, headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401


async def test_a_bare_token_and_an_api_token_work(client: Client, operator: Operator) -> None:
    bare = await client.get(ATTRIBUTES, headers={"Authorization": operator.token})
    assert bare.status_code == 200
    api_token = await client.get(ATTRIBUTES, headers=operator.org.auth)
    assert api_token.status_code == 200


async def test_disabling_a_user_ends_their_sessions(
    client: Client, hub: Hub, operator: Operator
) -> None:
    async with hub.writing(operator.org.id) as s:
        await users.update_user(s, operator.user.id, users.UserDraft(account_enabled=False))
    answer = await client.get(ATTRIBUTES, headers=operator.auth)
    assert answer.status_code == 401
    refreshed = await client.post(REFRESH, json={"refreshToken": operator.refresh_token})
    assert refreshed.status_code == 401


async def test_failed_logins_are_limited_per_account_and_address(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    wrong = {"email": "anna@example.com", "password": "guess guess"}
    for _ in range(10):  # login_attempts_per_minute
        assert (await client.post(LOGIN, json=wrong)).status_code == 401
    clock.advance(seconds=15)
    limited = await client.post(LOGIN, json={"email": "anna@example.com", "password": PASSWORD})
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "45"
    assert limited.json() == {"error": "Too many failed logins; try again in 45 seconds."}
    clock.advance(seconds=45)
    assert (await log_in(client, "anna@example.com"))["token"]


async def test_failed_logins_are_limited_per_address(client: Client, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    for number in range(100):  # login_attempts_ceiling_per_minute
        answer = await client.post(
            LOGIN, json={"email": f"guess{number}@example.com", "password": "guess guess"}
        )
        assert answer.status_code == 401
    # Every guess named another account; the address they came from is what is limited.
    limited = await client.post(LOGIN, json={"email": "anna@example.com", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0


async def test_php_reads_the_expiry_as_the_vendors_sdk_does(
    client: Client, org: Org, clock: Clock
) -> None:
    now = clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    token = (await log_in(client, "anna@example.com", ttl=3600))["token"]
    # The SDK's steps: three parts, base64url payload decoded strictly, numeric ``exp``.
    script = (
        '$p = explode(".", $argv[1]); if (count($p) !== 3) exit(1);'
        '$d = base64_decode(strtr($p[1], "-_", "+/"), true); if ($d === false) exit(2);'
        '$c = json_decode($d, true); if (!is_numeric($c["exp"] ?? null)) exit(3);'
        '$e = number_format((float)$c["exp"], 6, ".", "");'
        'echo DateTimeImmutable::createFromFormat("U.u", $e)->format("U");'
    )
    done = await asyncio.to_thread(
        subprocess.run, ["php", "-r", script, token], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == int(now.timestamp()) + 3600


async def test_login_with_a_trailing_slash(client: Client, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    answer = await client.post(
        LOGIN + "/", json={"email": "anna@example.com", "password": PASSWORD}
    )
    assert answer.status_code == 200
