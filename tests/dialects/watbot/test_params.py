"""How parameters arrive: PHP bracket keys, body over query, bodies without a content type.
Pure parts first (no HTTP), then through the app."""

from __future__ import annotations

from httpx import AsyncClient as Client

from contacthub.dialects.watbot.params import parse_urlencoded
from tests.dialects.watbot.support import call, data
from tests.factories import Org, make_bot, make_contact


def test_php_bracket_keys() -> None:
    parsed = parse_urlencoded(
        b"tags[]=a&tags[]=b&filters[telegram_id]=5&x=1&x=2&deep[a][]=z&name=%D0%93+1&raw=\xd0\x93",
        "query string",
    )
    assert parsed == {
        "tags": {"0": "a", "1": "b"},
        "filters": {"telegram_id": "5"},
        "x": "2",
        "deep": {"a": {"0": "z"}},
        "name": "Г 1",
        "raw": "Г",
    }


async def test_the_body_wins_over_the_query(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    answer = await client.post(
        "/api/v1/setContactVariable",
        params={"api_token": org.token, "contact_id": contact.id, "name": "q", "value": "query"},
        data={"name": "Город", "value": "Москва"},
    )
    assert (data(answer)["name"], data(answer)["value"]) == ("Город", "Москва")


async def test_json_without_a_content_type_is_read(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    answer = await client.post(
        "/api/v1/attachTagToContact",
        content=f'{{"api_token": "{org.token}", "contact_id": {contact.id}, "name": "Лид"}}',
    )
    assert data(answer) == ["Лид"]


async def test_tags_as_php_arrays_json_arrays_or_one_value(client: Client, org: Org) -> None:
    bot = await make_bot(org)
    base = {"bot_id": str(bot.id), "messenger": "telegram", "name": "A"}
    indexed = await client.post(
        f"/api/v1/createOrUpdateContact?api_token={org.token}",
        data={**base, "telegram_id": "1", "tags[0]": "x", "tags[1]": "y"},
    )
    single = await client.post(
        f"/api/v1/createOrUpdateContact?api_token={org.token}",
        data={**base, "telegram_id": "2", "tags": "z"},
    )
    as_json = await client.post(
        f"/api/v1/createOrUpdateContact?api_token={org.token}",
        json={**base, "bot_id": bot.id, "telegram_id": 3, "tags": ["w", ""]},
    )
    for answer, expected in ((indexed, ["x", "y"]), (single, ["z"]), (as_json, ["w"])):
        contact_id = data(answer, 201)["id"]
        tags = await call(client, "getContactTags", org.token, {"contact_id": contact_id})
        assert data(tags) == expected
    assert data(as_json, 201)["telegram_id"] == "3"
    bad = await client.post(
        f"/api/v1/createOrUpdateContact?api_token={org.token}",
        json={**base, "telegram_id": "4", "tags": [{"name": "x"}]},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"tags.0": ["Значение поля tags 0 должно быть строкой."]}


async def test_methods_answer_every_verb(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    for verb in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        answer = await call(
            client, "getContactTags", org.token, {"contact_id": contact.id}, verb=verb
        )
        assert answer.status_code == 200, verb
