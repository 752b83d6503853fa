"""getContactTags, getBotTags, attachTagToContact, detachTagFromContact over HTTP, and the
crossing with the native API's tags."""

from __future__ import annotations

import pytest
from httpx import AsyncClient as Client

from tests.dialects.watbot.support import TRANSPORTS, call, data, invalid
from tests.factories import Org, make_bot, make_contact


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_attach_creates_the_tag_and_detach_removes_it(
    client: Client, org: Org, transport: str
) -> None:
    contact = await make_contact(org, tags=["Реклама"])
    ids = {"contact_id": contact.id}
    attached = await call(
        client, "attachTagToContact", org.token, {**ids, "name": "Горячий"}, transport=transport
    )
    assert data(attached) == ["Горячий", "Реклама"]
    listed = await call(client, "getContactTags", org.token, ids, transport=transport)
    assert listed.json() == {"data": ["Горячий", "Реклама"]}

    detached = await call(
        client, "detachTagFromContact", org.token, {**ids, "name": "Реклама"}, transport=transport
    )
    assert data(detached) == ["Горячий"]
    assert data(await call(client, "getContactTags", org.token, ids)) == ["Горячий"]


async def test_attach_twice_and_by_tag_id(client: Client, org: Org) -> None:
    first = await make_contact(org, "Первый", tags=["VIP"])
    second = await make_contact(org, "Второй")
    for _ in range(2):
        answer = await call(
            client, "attachTagToContact", org.token, {"contact_id": first.id, "name": " VIP "}
        )
        assert data(answer) == ["VIP"]
    native_tags = (await client.get("/api/hub/v1/tags", headers=org.auth)).json()
    tag_id = next(tag["id"] for tag in native_tags["items"] if tag["name"] == "VIP")

    by_id = await call(
        client, "attachTagToContact", org.token, {"contact_id": second.id, "tag_id": tag_id}
    )
    assert data(by_id) == ["VIP"]
    removed = await call(
        client, "detachTagFromContact", org.token, {"contact_id": second.id, "tag_id": tag_id}
    )
    assert data(removed) == []


async def test_a_tag_attached_here_is_the_native_tag(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    await call(client, "attachTagToContact", org.token, {"contact_id": contact.id, "name": "Лид"})
    native = await client.get(f"/api/hub/v1/contacts/{contact.id}/tags", headers=org.auth)
    assert [tag["name"] for tag in native.json()] == ["Лид"]

    await client.post(
        f"/api/hub/v1/contacts/{contact.id}/tags", json={"name": "Клиент"}, headers=org.auth
    )
    assert data(await call(client, "getContactTags", org.token, {"contact_id": contact.id})) == [
        "Клиент",
        "Лид",
    ]


async def test_bot_tags_are_the_tags_of_its_contacts(client: Client, org: Org) -> None:
    bot = await make_bot(org, "Sales")
    other_bot = await make_bot(org, "Support")
    await make_contact(org, "a", tags=["Горячий", "Реклама"], bot_id=bot.id)
    await make_contact(org, "b", tags=["Реклама", "Опт"], bot_id=bot.id)
    await make_contact(org, "c", tags=["Поддержка"], bot_id=other_bot.id)
    answer = await call(client, "getBotTags", org.token, {"bot_id": bot.id})
    assert sorted(data(answer)) == ["Горячий", "Опт", "Реклама"]
    assert data(await call(client, "getBotTags", org.token, {"bot_id": other_bot.id})) == [
        "Поддержка"
    ]
    missing = await call(client, "getBotTags", org.token, {"bot_id": 999})
    assert missing.status_code == 404
    assert invalid(await call(client, "getBotTags", org.token, {})) == {
        "bot_id": ["Поле bot id обязательно для заполнения."]
    }


async def test_bad_tag_input(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    assert invalid(await call(client, "attachTagToContact", org.token, {})) == {
        "contact_id": ["Поле contact id обязательно для заполнения."],
        "name": ["Поле name обязательно для заполнения, когда tag id не указано."],
    }
    assert invalid(
        await call(
            client,
            "attachTagToContact",
            org.token,
            {"contact_id": contact.id, "name": "x" * 256, "tag_id": "first"},
        )
    ) == {
        "name": ["Количество символов в поле name не может превышать 255."],
        "tag_id": ["Значение поля tag id должно быть целым числом."],
    }
    assert invalid(await call(client, "getContactTags", org.token, {"contact_id": "1.5"})) == {
        "contact_id": ["Значение поля contact id должно быть целым числом."]
    }
    unknown_tag = await call(
        client, "attachTagToContact", org.token, {"contact_id": contact.id, "tag_id": 999}
    )
    assert unknown_tag.status_code == 404
    not_carried = await call(
        client, "detachTagFromContact", org.token, {"contact_id": contact.id, "name": "нет"}
    )
    assert not_carried.status_code == 404
    assert set(not_carried.json()) == {"message"}
    unknown_contact = await call(
        client, "attachTagToContact", org.token, {"contact_id": 999, "name": "a"}
    )
    assert unknown_contact.status_code == 404
    huge = await call(client, "getContactTags", org.token, {"contact_id": 2**64})
    assert invalid(huge) == {
        "contact_id": ["Значение поля contact id не может быть больше 9223372036854775807."]
    }
