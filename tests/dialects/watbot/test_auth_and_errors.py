"""The token guard, Laravel's error bodies, unrouted paths and unreadable requests."""

from __future__ import annotations

import pytest
from httpx import AsyncClient as Client

from contacthub.core import tokens
from contacthub.dialects.watbot.errors import STATUS
from contacthub.errors import ALL_ERRORS
from tests.dialects.watbot.support import TRANSPORTS, call, data
from tests.factories import Org, make_bot, make_contact, make_token

METHODS = [
    "getContacts",
    "createOrUpdateContact",
    "getMe",
    "getContactTags",
    "getBotTags",
    "attachTagToContact",
    "detachTagFromContact",
    "getContactVariables",
    "setContactVariable",
    "deleteContactVariable",
]
UNAUTHENTICATED = {"message": "Unauthenticated."}


@pytest.mark.parametrize("method", METHODS)
async def test_every_method_needs_a_known_token(client: Client, org: Org, method: str) -> None:
    contact = await make_contact(org)
    params = {"contact_id": contact.id, "name": "x", "value": "y"}
    for token in (None, "", "chk_unknown"):
        answer = await call(client, method, token, params)
        assert answer.status_code == 401
        assert answer.json() == UNAUTHENTICATED
    assert data(await call(client, "getContactVariables", org.token, params)) == []


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_the_token_travels_every_way(client: Client, org: Org, transport: str) -> None:
    answer = await call(client, "getMe", org.token, transport=transport)
    assert data(answer)["id"] == org.id
    wrong = await call(client, "getMe", "chk_wrong", transport=transport)
    assert (wrong.status_code, wrong.json()) == (401, UNAUTHENTICATED)


async def test_the_query_token_is_looked_at_first(client: Client, org: Org) -> None:
    answer = await client.post(
        "/api/v1/getMe",
        params={"api_token": org.token},
        json={"api_token": "chk_wrong"},
        headers={"Authorization": "Bearer chk_wrong"},
    )
    assert data(answer)["id"] == org.id


async def test_a_revoked_token_is_refused(client: Client, org: Org) -> None:
    second = await make_token(org)
    assert (await call(client, "getMe", second)).status_code == 200
    async with org.hub.writing(org.id) as s:
        listed = await tokens.list_tokens(s)
        await tokens.revoke_token(s, listed[-1].id)
    answer = await call(client, "getMe", second)
    assert (answer.status_code, answer.json()) == (401, UNAUTHENTICATED)


async def test_get_me(client: Client, org: Org) -> None:
    bot = await make_bot(org, "Продажи")
    me = data(await call(client, "getMe", org.token))
    assert me["id"] == org.id
    assert me["name"] == "Acme"
    assert me["bots"] == [{"id": bot.id, "name": "Продажи"}]


async def test_unknown_methods_answer_like_laravel(client: Client, org: Org) -> None:
    answer = await call(client, "sendMessage", org.token)
    assert answer.status_code == 404
    assert answer.json() == {"message": "The route api/v1/sendMessage could not be found."}
    # Method names are case-sensitive: this one is nobody's, so the app's default 404 answers.
    assert (await call(client, "getcontacts", org.token)).status_code == 404


async def test_unreadable_bodies_are_400(client: Client, org: Org) -> None:
    url = f"/api/v1/getMe?api_token={org.token}"
    broken = await client.post(url, content=b'{"a":', headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert broken.json() == {"message": "the request body is not valid JSON"}
    not_object = await client.post(url, json=[1, 2])
    assert not_object.status_code == 400
    assert set(not_object.json()) == {"message"}
    latin1 = await client.post(
        url, content=b"name=\xe9", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert latin1.status_code == 400
    assert latin1.json() == {"message": "the form body is not valid UTF-8"}
    bad_query = await client.get("/api/v1/getMe?api_token=%FF")
    assert bad_query.status_code == 400
    upload = await client.post(url, files={"contact_id": ("a.txt", b"1")})
    assert upload.status_code == 400


def test_every_core_error_has_a_non_5xx_status_except_unavailable() -> None:
    for error in ALL_ERRORS:
        assert error in STATUS
        assert STATUS[error] < 500 or error.__name__ == "Unavailable"


async def test_other_organizations_ids_look_unknown(
    client: Client, org: Org, other_org: Org
) -> None:
    bot = await make_bot(org)
    contact = await make_contact(org, tags=["Лид"], fields={"Город": "Москва"}, bot_id=bot.id)
    theirs = other_org.token
    ids = {"contact_id": contact.id}
    attempts = [
        ("getContactTags", ids),
        ("getContactVariables", ids),
        ("attachTagToContact", {**ids, "name": "Чужой"}),
        ("detachTagFromContact", {**ids, "name": "Лид"}),
        ("setContactVariable", {**ids, "name": "Город", "value": "Чужой"}),
        ("deleteContactVariable", {**ids, "name": "Город"}),
        ("getBotTags", {"bot_id": bot.id}),
        ("getContacts", {"bot_id": bot.id}),
    ]
    for method, params in attempts:
        answer = await call(client, method, theirs, params)
        nobody = await call(client, method, theirs, {**params, "contact_id": 10**6})
        assert answer.status_code == 404, (method, answer.text)
        assert nobody.status_code == 404
        assert set(answer.json()) == {"message"}
    assert data(await call(client, "getContacts", theirs)) == []
    assert data(await call(client, "getMe", theirs))["bots"] == []
    # createOrUpdateContact with their bot id refuses the bot, as one that does not exist.
    refused = await call(
        client,
        "createOrUpdateContact",
        theirs,
        {"bot_id": bot.id, "messenger": "telegram", "name": "X", "telegram_id": "1"},
    )
    assert refused.status_code == 422
    # Nothing changed for the owner.
    assert data(await call(client, "getContactTags", org.token, ids)) == ["Лид"]
    variables = data(await call(client, "getContactVariables", org.token, ids))
    assert [(v["name"], v["value"]) for v in variables] == [("Город", "Москва")]
    assert [c["id"] for c in data(await call(client, "getContacts", org.token))] == [contact.id]
