"""POST /api/v1/login: e-mail and password for a token that expires, then the lists with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from httpx import AsyncClient as Client

from contacthub.core.scope import Hub
from tests.dialects.plusofon.support import URL
from tests.factories import Org, make_list, make_org, make_user
from tests.support import TestClock as Clock

LOGIN = "/api/v1/login"
PASSWORD = "correct horse battery"
VENDOR_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


async def log_in(client: Client, email: str, password: str = PASSWORD) -> dict[str, object]:
    answer = await client.post(
        LOGIN, json={"email": email, "password": password}, headers=_client_headers()
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def _client_headers(token: object = None) -> dict[str, str]:
    sent = {**VENDOR_HEADERS, "Client": "10553"}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    return sent


async def test_login_answers_the_vendors_shape_and_the_token_opens_the_lists(
    client: Client, org: Org, clock: Clock
) -> None:
    now = clock.freeze()
    user = await make_user(org, "Anna@Example.com", PASSWORD, name="Анна", admin=True)
    await make_list(org, "Стоп", "black", {"Иван": ["79161111111"]})
    body = await log_in(client, "anna@example.com")
    assert body == {
        "user": {
            "id": user.id,
            "email": "anna@example.com",
            "phone": None,
            "first_name": "Анна",
            "last_name": None,
            "middle_name": None,
            "role": {"name": "admin", "client_id": org.id},
        },
        "token": body["token"],
        "token_expire": int((now + timedelta(days=7)).timestamp()),
        "refresh_token": body["refresh_token"],
        "refresh_token_expire": int((now + timedelta(days=37)).timestamp()),
        "success": True,
    }
    assert isinstance(body["token"], str)
    assert body["token"].count(".") == 2  # a JWT
    page = await client.get(URL, headers=_client_headers(body["token"]))
    assert page.status_code == 200, page.text
    assert [item["name"] for item in page.json()["data"]] == ["Стоп"]
    one = await client.get(
        f"{URL}/{page.json()['data'][0]['id']}", headers=_client_headers(body["token"])
    )
    assert one.status_code == 200
    assert one.json()["contacts"] == [{"name": "Иван", "phones": ["79161111111"]}]


async def test_the_login_token_expires(client: Client, org: Org, clock: Clock) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    token = (await log_in(client, "anna@example.com"))["token"]
    clock.advance(days=7, seconds=1)
    answer = await client.get(URL, headers=_client_headers(token))
    assert answer.status_code == 401
    assert answer.json() == {
        "success": False,
        "message": "Срок действия токена истёк: войдите снова",
    }


async def test_a_tampered_token_is_refused(client: Client, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    token = str((await log_in(client, "anna@example.com"))["token"])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    answer = await client.get(URL, headers=_client_headers(forged))
    assert answer.status_code == 401
    assert answer.json() == {"success": False, "message": "Токен неизвестен или отозван"}


async def test_a_login_token_sees_only_its_own_organization(
    client: Client, hub: Hub, org: Org
) -> None:
    other = await make_org(hub, "Чужая")
    foreign = await make_list(other, "Чужой", "black", {"Пётр": ["79162222222"]})
    await make_user(org, "anna@example.com", PASSWORD)
    token = (await log_in(client, "anna@example.com"))["token"]
    assert (await client.get(URL, headers=_client_headers(token))).json()["data"] == []
    answer = await client.get(f"{URL}/{foreign.id}", headers=_client_headers(token))
    assert answer.status_code == 404
    changed = await client.put(
        f"{URL}/{foreign.id}", json={"name": "x", "type": "white"}, headers=_client_headers(token)
    )
    assert changed.status_code == 404
    after = await client.get(f"{URL}/{foreign.id}", headers=_client_headers(other.token))
    assert after.json()["name"] == "Чужой"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": "anna@example.com"}, {"password"}),
        ({"email": 5, "password": PASSWORD}, {"email"}),
        ({"email": "anna@example.com", "password": ["x"]}, {"password"}),
    ],
)
async def test_a_login_without_its_fields_is_a_400_naming_them(
    client: Client, org: Org, body: dict[str, object], fields: set[str]
) -> None:
    answer = await client.post(LOGIN, json=body, headers=_client_headers())
    assert answer.status_code == 400
    error = answer.json()
    assert error["success"] is False
    assert set(error["errors"]) == fields
    assert error["message"]


async def test_a_wrong_password_is_a_401_and_a_malformed_body_a_400(
    client: Client, org: Org
) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    wrong = await client.post(
        LOGIN, json={"email": "anna@example.com", "password": "guess"}, headers=_client_headers()
    )
    assert wrong.status_code == 401
    assert wrong.json() == {"success": False, "message": "Неверный email или пароль"}
    unknown = await client.post(
        LOGIN, json={"email": "nobody@example.com", "password": PASSWORD}, headers=_client_headers()
    )
    assert unknown.json() == wrong.json()
    broken = await client.post(LOGIN, content=b"{", headers=_client_headers())
    assert broken.status_code == 400
    assert broken.json()["success"] is False


async def test_login_needs_the_client_header(client: Client, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    answer = await client.post(
        LOGIN, json={"email": "anna@example.com", "password": PASSWORD}, headers=VENDOR_HEADERS
    )
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("Не передан заголовок Client")


async def test_failed_logins_are_limited(client: Client, org: Org, clock: Clock) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    wrong = {"email": "anna@example.com", "password": "guess guess"}
    for _ in range(10):  # login_attempts_per_minute
        answer = await client.post(LOGIN, json=wrong, headers=_client_headers())
        assert answer.status_code == 401
    limited = await client.post(
        LOGIN, json={"email": "anna@example.com", "password": PASSWORD}, headers=_client_headers()
    )
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "60"
    assert limited.json()["success"] is False


async def test_other_methods_on_login_answer_405_in_the_vendors_form(client: Client) -> None:
    answer = await client.get(LOGIN, headers=_client_headers())
    assert answer.status_code == 405
    assert answer.json()["success"] is False
