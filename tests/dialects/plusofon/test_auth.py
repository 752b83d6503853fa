"""The Client header and the Bearer token, on every method."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from httpx import AsyncClient as Client

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core import tokens
from contacthub.core.scope import Hub
from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list

BODY = {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": ["79161111111"]}]}
METHODS = [
    ("GET", URL),
    ("GET", f"{URL}/types"),
    ("GET", f"{URL}/1"),
    ("POST", URL),
    ("PUT", f"{URL}/1"),
    ("DELETE", f"{URL}/1"),
]


async def state(client: Client, org: Org) -> object:
    return (await client.get(f"{URL}/1", headers=headers(org))).json()


@pytest.mark.parametrize(("method", "path"), METHODS)
async def test_without_the_client_header_nothing_happens(
    client: Client, org: Org, method: str, path: str
) -> None:
    await make_list(org, "L", "black", {"A": ["79162222222"]})
    before = await state(client, org)
    sent = headers(org)
    del sent["Client"]
    answer = await client.request(method, path, json=BODY, headers=sent)
    assert answer.status_code == 400
    assert answer.json() == {
        "success": False,
        "message": "Не передан заголовок Client: код приложения (10553)",
    }
    assert await state(client, org) == before


@pytest.mark.parametrize(("method", "path"), METHODS)
async def test_an_unknown_client_code_is_refused(
    client: Client, org: Org, method: str, path: str
) -> None:
    await make_list(org, "L", "black", {"A": ["79162222222"]})
    before = await state(client, org)
    answer = await client.request(method, path, json=BODY, headers=headers(org, Client="10554"))
    assert answer.status_code == 400
    assert answer.json() == {
        "success": False,
        "message": "Неизвестный код приложения в заголовке Client: '10554' (ожидается 10553)",
    }
    assert await state(client, org) == before


@pytest.mark.parametrize(("method", "path"), METHODS)
async def test_without_a_token_nothing_happens(
    client: Client, org: Org, method: str, path: str
) -> None:
    await make_list(org, "L", "black", {"A": ["79162222222"]})
    before = await state(client, org)
    sent = headers(org)
    del sent["Authorization"]
    answer = await client.request(method, path, json=BODY, headers=sent)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.json() == {
        "success": False,
        "message": "Не передан токен: нужен заголовок Authorization: Bearer <токен>",
    }
    assert await state(client, org) == before


@pytest.mark.parametrize(
    "authorization", ["Bearer chk_not-a-token", "Basic dXNlcjpwYXNz", "Bearer", "chk_raw"]
)
async def test_a_wrong_token_is_refused(client: Client, org: Org, authorization: str) -> None:
    answer = await client.get(URL, headers=headers(org, Authorization=authorization))
    assert answer.status_code == 401
    assert answer.json()["success"] is False


async def test_a_revoked_token_is_refused(client: Client, org: Org) -> None:
    assert (await client.get(URL, headers=headers(org))).status_code == 200
    async with org.hub.writing(org.id) as s:
        for token in await tokens.list_tokens(s):
            await tokens.revoke_token(s, token.id)
    answer = await client.get(URL, headers=headers(org))
    assert answer.status_code == 401
    assert answer.json() == {"success": False, "message": "Токен неизвестен или отозван"}


async def test_the_scheme_is_case_insensitive(client: Client, org: Org) -> None:
    answer = await client.get(URL, headers=headers(org, Authorization=f"bearer {org.token}"))
    assert answer.status_code == 200


@pytest.fixture
async def custom_client(settings: Settings, hub: Hub) -> AsyncIterator[Client]:
    """An app that accepts the application codes 777 and 778 only."""
    custom = settings.model_copy(update={"plusofon_client_codes": ["777", "778"]})
    transport = httpx.ASGITransport(app=create_app(custom, hub=hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


async def test_the_accepted_client_codes_are_configurable(custom_client: Client, org: Org) -> None:
    assert (await custom_client.get(URL, headers=headers(org, Client="778"))).status_code == 200
    refused = await custom_client.get(URL, headers=headers(org))
    assert refused.status_code == 400
    assert refused.json()["message"] == (
        "Неизвестный код приложения в заголовке Client: '10553' (ожидается 777, 778)"
    )
