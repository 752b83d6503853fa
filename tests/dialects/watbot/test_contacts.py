"""getContacts (Laravel pages, filters) and createOrUpdateContact over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from httpx import AsyncClient as Client

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, PhoneDraft
from tests.dialects.watbot.support import TRANSPORTS, Value, call, data, invalid
from tests.factories import Org, make_bot, make_contact
from tests.support import TestClock as Clock


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_pages_follow_laravel(client: Client, org: Org, transport: str) -> None:
    made = [await make_contact(org, f"Контакт {i}", [f"7999000000{i}"]) for i in range(5)]
    answer = await call(
        client, "getContacts", org.token, {"count": 2, "page": 2}, transport=transport
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [c["id"] for c in body["data"]] == [made[2].id, made[3].id]
    path = "http://contacthub.test/api/v1/getContacts"
    assert body["links"] == {
        "first": f"{path}?count=2&page=1",
        "last": f"{path}?count=2&page=3",
        "prev": f"{path}?count=2&page=1",
        "next": f"{path}?count=2&page=3",
    }
    assert body["meta"] == {
        "current_page": 2,
        "from": 3,
        "last_page": 3,
        "path": path,
        "per_page": 2,
        "to": 4,
        "total": 5,
    }


async def test_paging_to_the_end_and_past_it(client: Client, org: Org) -> None:
    for i in range(17):
        await make_contact(org, f"c{i}", [])
    first = (await call(client, "getContacts", org.token)).json()
    assert len(first["data"]) == 15  # Laravel's page size when none is asked for
    assert first["links"]["prev"] is None
    last = (await call(client, "getContacts", org.token, {"page": 2})).json()
    assert len(last["data"]) == 2
    assert last["links"]["next"] is None
    assert (last["meta"]["from"], last["meta"]["to"], last["meta"]["last_page"]) == (16, 17, 2)
    past = (await call(client, "getContacts", org.token, {"page": 9})).json()
    assert past["data"] == []
    assert (past["meta"]["from"], past["meta"]["to"]) == (None, None)


_NO_UTM = dict.fromkeys(("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"))


async def test_contact_objects_have_the_vendor_shape(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze(datetime(2019, 5, 10, 10, 38, 28, 123456, tzinfo=UTC))
    bot = await make_bot(org)
    async with org.hub.writing(org.id) as s:
        whatsapp = await contacts.create_contact(
            s,
            ContactDraft(
                name="Иван Иванов",
                bot_id=bot.id,
                messenger="whatsapp",
                email="info@example.com",
                address="г. Москва, ул. Пушкина, д. 5",
                utm_source="landing",
                phones=[PhoneDraft(number="8 (999) 123-45-67"), PhoneDraft(number="74951234567")],
                tags=["Реклама", "Горячий"],
                fields={"link": "https://pay.example/1", "tarif": "290"},
            ),
        )
        telegram = await contacts.create_contact(
            s,
            ContactDraft(
                name="Петр Петров",
                bot_id=bot.id,
                messenger="telegram",
                telegram_id="123456",
                telegram_username="superman",
            ),
        )
    listed = data(await call(client, "getContacts", org.token, {"bot_id": bot.id}))
    assert listed == [
        {
            "id": whatsapp.id,
            "bot_id": bot.id,
            "phone": "79991234567",
            "email": "info@example.com",
            "name": "Иван Иванов",
            "messenger": "whatsapp",
            "telegram_id": None,
            "telegram_username": None,
            "viber_id": None,
            "vk_id": None,
            "address": "г. Москва, ул. Пушкина, д. 5",
            "utm": {**_NO_UTM, "utm_source": "landing"},
            "created_at": "2019-05-10T10:38:28+00:00",
            "variables": [
                {"name": "link", "value": "https://pay.example/1"},
                {"name": "tarif", "value": "290"},
            ],
            "tags": ["Горячий", "Реклама"],
        },
        {
            "id": telegram.id,
            "bot_id": bot.id,
            "phone": None,
            "email": None,
            "name": "Петр Петров",
            "messenger": "telegram",
            "telegram_id": "123456",
            "telegram_username": "superman",
            "viber_id": None,
            "vk_id": None,
            "address": None,
            "utm": _NO_UTM,
            "created_at": "2019-05-10T10:38:28+00:00",
            "variables": [],
            "tags": [],
        },
    ]
    tags = data(await call(client, "getContactTags", org.token, {"contact_id": whatsapp.id}))
    assert listed[0]["tags"] == tags


async def test_the_leadteh_broadcast_client_reads_tags_and_variables(
    client: Client, org: Org
) -> None:
    """telegram-broadcast's lib/leadteh.js: pages of 500 with ``with=tags,variables``, the
    token last, and recipients picked by ``contact.tags``; an "unsubscribed" tag excludes."""
    bot = await make_bot(org)
    made = [
        await make_contact(org, f"Подписчик {i}", [], bot_id=bot.id, tags=["VIP"]) for i in range(3)
    ]
    left = await make_contact(
        org, "Отписался", [], bot_id=bot.id, tags=["VIP", "unsubscribed"], fields={"tags": "x"}
    )
    await make_contact(org, "Другой бот", [], tags=["VIP"])
    url = (
        f"/api/v1/getContacts?bot_id={bot.id}&count=500&page=1&with=tags,variables"
        f"&api_token={org.token}"
    )
    answer = await client.get(url, headers={"X-Requested-With": "XMLHttpRequest"})
    assert answer.status_code == 200, answer.text
    items = answer.json()["data"]
    chosen = [c["id"] for c in items if "VIP" in c["tags"] and "unsubscribed" not in c["tags"]]
    assert chosen == [contact.id for contact in made]
    assert [c["variables"] for c in items if c["id"] == left.id] == [
        [{"name": "tags", "value": "x"}]
    ]
    assert answer.json()["links"]["first"].endswith(
        f"?count=500&bot_id={bot.id}&with=tags%2Cvariables&page=1"
    )


@pytest.mark.parametrize(
    "sent",
    [
        {"with": "tags,variables"},
        {"with": "variables"},
        {"with": ["tags", "variables"]},
        {"with": " tags , "},
        {"with": ""},
        {},
    ],
)
async def test_contacts_carry_tags_and_variables_whatever_with_says(
    client: Client, org: Org, sent: dict[str, Value]
) -> None:
    await make_contact(org, "A", tags=["b", "a"], fields={"Город": "Тверь"})
    (contact,) = data(await call(client, "getContacts", org.token, sent))
    assert (contact["tags"], contact["variables"]) == (
        ["a", "b"],
        [{"name": "Город", "value": "Тверь"}],
    )


async def test_with_names_only_what_contacts_carry(client: Client, org: Org) -> None:
    assert invalid(
        await call(client, "getContacts", org.token, {"with": "tags,accounts,referrals"})
    ) == {"with": ["Связь accounts не поддерживается.", "Связь referrals не поддерживается."]}
    assert invalid(
        await client.post("/api/v1/getContacts", json={"api_token": org.token, "with": {"a": True}})
    ) == {"with.0": ["Значение поля with 0 должно быть строкой."]}


async def test_a_full_page_of_500_reads_each_contacts_own_tags_and_variables(
    client: Client, org: Org
) -> None:
    async with org.hub.writing(org.id) as s:
        for i in range(500):
            await contacts.create_contact(
                s, ContactDraft(name=f"c{i}", tags=[f"t{i % 7}"], fields={"n": str(i)})
            )
    items = data(await call(client, "getContacts", org.token, {"count": 500}))
    assert len(items) == 500
    assert all(
        c["tags"] == [f"t{i % 7}"] and c["variables"] == [{"name": "n", "value": str(i)}]
        for i, c in enumerate(items)
    )


async def test_filters(client: Client, org: Org, clock: Clock) -> None:
    bot = await make_bot(org)
    clock.freeze(datetime(2024, 1, 1, tzinfo=UTC))
    old = await make_contact(org, "old", bot_id=bot.id)
    clock.advance(days=10)
    new = await make_contact(org, "new", ["79160000000"], bot_id=bot.id)
    loose = await make_contact(org, "no bot", ["79160000001"])
    async with org.hub.writing(org.id) as s:
        await contacts.update_contact(s, new.id, ContactDraft(telegram_id="777"))

    def ids(response: object) -> list[int]:
        return [c["id"] for c in data(response)]  # type: ignore[arg-type]

    split = int(datetime(2024, 1, 5, tzinfo=UTC).timestamp())
    assert ids(await call(client, "getContacts", org.token, {"date_from": split})) == [
        new.id,
        loose.id,
    ]
    assert ids(await call(client, "getContacts", org.token, {"date_to": split})) == [old.id]
    assert ids(await call(client, "getContacts", org.token, {"bot_id": bot.id})) == [
        old.id,
        new.id,
    ]
    by_telegram = await client.get(
        "/api/v1/getContacts",
        params={"api_token": org.token, "filters[telegram_id]": "777"},
    )
    assert ids(by_telegram) == [new.id]
    assert by_telegram.json()["links"]["first"].endswith(
        "?count=15&filters%5Btelegram_id%5D=777&page=1"
    )
    by_phone = await client.get(
        "/api/v1/getContacts",
        params={"api_token": org.token, "filters[phone]": "+7 916 000-00-01"},
    )
    assert ids(by_phone) == [loose.id]


async def test_bad_listing_input(client: Client, org: Org) -> None:
    assert invalid(
        await call(
            client,
            "getContacts",
            org.token,
            {"count": 501, "page": 0, "date_from": "yesterday", "bot_id": "x"},
        )
    ) == {
        "page": ["Значение поля page должно быть не меньше 1."],
        "count": ["Значение поля count не может быть больше 500."],
        "bot_id": ["Значение поля bot id должно быть целым числом."],
        "date_from": ["Значение поля date from должно быть целым числом."],
    }
    odd_filters = await client.get(
        "/api/v1/getContacts",
        params={"api_token": org.token, "filters[color]": "red", "filters[phone]": "abc"},
    )
    assert invalid(odd_filters) == {
        "filters.color": ["Фильтр color не поддерживается."],
        "filters.phone": ["Значение поля filters phone имеет ошибочный формат."],
    }
    assert invalid(await call(client, "getContacts", org.token, {"filters": "telegram_id"})) == {
        "filters": ["Значение поля filters должно быть массивом."]
    }
    unknown_bot = await call(client, "getContacts", org.token, {"bot_id": 999})
    assert unknown_bot.status_code == 404


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_create_then_update_a_whatsapp_contact(
    client: Client, org: Org, transport: str
) -> None:
    bot = await make_bot(org)
    sent = {
        "bot_id": bot.id,
        "messenger": "whatsapp",
        "name": "Иван",
        "phone": "79991234567",
        "email": "ivan@example.com",
        "tags": ["Лид", "Реклама"],
    }
    created = await call(client, "createOrUpdateContact", org.token, sent, transport=transport)
    contact = data(created, 201)
    assert (contact["name"], contact["phone"], contact["bot_id"]) == ("Иван", "79991234567", bot.id)

    again = {
        "bot_id": bot.id,
        "messenger": "whatsapp",
        "name": "Иван Петров",
        "phone": "+7 999 123-45-67",
        "address": "Москва",
        "tags": ["Клиент"],
    }
    updated = data(
        await call(client, "createOrUpdateContact", org.token, again, transport=transport)
    )
    assert updated["id"] == contact["id"]
    assert (updated["name"], updated["email"], updated["address"]) == (
        "Иван Петров",
        "ivan@example.com",
        "Москва",
    )
    tags = data(await call(client, "getContactTags", org.token, {"contact_id": contact["id"]}))
    assert tags == ["Клиент", "Лид", "Реклама"]
    native = (await client.get(f"/api/hub/v1/contacts/{contact['id']}", headers=org.auth)).json()
    assert [phone["e164"] for phone in native["phones"]] == ["+79991234567"]


async def test_create_or_update_answers_the_contacts_tags_and_variables(
    client: Client, org: Org
) -> None:
    bot = await make_bot(org)
    sent = {"bot_id": bot.id, "messenger": "telegram", "name": "A", "telegram_id": "5"}
    created = data(await call(client, "createOrUpdateContact", org.token, sent), 201)
    assert (created["variables"], created["tags"], created["phone"]) == ([], [], None)
    assert created["utm"] == _NO_UTM
    variable = {"contact_id": created["id"], "name": "link", "value": "https://pay.example"}
    data(await call(client, "setContactVariable", org.token, variable))
    again = data(await call(client, "createOrUpdateContact", org.token, {**sent, "tags": ["Б"]}))
    assert again["variables"] == [{"name": "link", "value": "https://pay.example"}]
    assert again["tags"] == ["Б"]


@pytest.mark.parametrize(
    ("messenger", "key", "value"),
    [("telegram", "telegram_id", "123456"), ("viber", "viber_id", "v+1=="), ("vk", "vk_id", "42")],
)
async def test_messenger_contacts_are_found_by_their_id(
    client: Client, org: Org, messenger: str, key: str, value: str
) -> None:
    bot = await make_bot(org)
    other_bot = await make_bot(org, "Other")
    sent = {"bot_id": bot.id, "messenger": messenger, "name": "A", key: value}
    first = data(await call(client, "createOrUpdateContact", org.token, sent), 201)
    assert first[key] == value
    second = data(
        await call(
            client,
            "createOrUpdateContact",
            org.token,
            {**sent, "name": "B", "phone": "79161112233"},
        )
    )
    assert (second["id"], second["name"], second["phone"]) == (first["id"], "B", "79161112233")
    elsewhere = await call(
        client, "createOrUpdateContact", org.token, {**sent, "bot_id": other_bot.id}
    )
    assert data(elsewhere, 201)["id"] != first["id"]


async def test_bad_contact_input(client: Client, org: Org) -> None:
    bot = await make_bot(org)
    assert invalid(await call(client, "createOrUpdateContact", org.token, {})) == {
        "bot_id": ["Поле bot id обязательно для заполнения."],
        "messenger": ["Поле messenger обязательно для заполнения."],
        "name": ["Поле name обязательно для заполнения."],
    }
    assert invalid(
        await call(
            client,
            "createOrUpdateContact",
            org.token,
            {"bot_id": bot.id, "messenger": "whatsapp", "name": "A", "email": "nope"},
        )
    ) == {
        "email": ["Значение поля email должно быть действительным электронным адресом."],
        "phone": ["Поле phone обязательно для заполнения, когда messenger равно whatsapp."],
    }
    assert invalid(
        await call(
            client,
            "createOrUpdateContact",
            org.token,
            {"bot_id": bot.id, "messenger": "icq", "name": "A", "phone": "12"},
        )
    ) == {
        "messenger": ["Выбранное значение для messenger ошибочно."],
        "phone": ["Значение поля phone имеет ошибочный формат."],
    }
    assert invalid(
        await call(
            client,
            "createOrUpdateContact",
            org.token,
            {"bot_id": 999, "messenger": "telegram", "name": "A", "telegram_id": "1"},
        )
    ) == {"bot_id": ["Выбранное значение для bot id некорректно."]}
    listed = await call(client, "getContacts", org.token)
    assert data(listed) == []


@pytest.mark.parametrize("number", ["12345", "900"])
async def test_numbers_no_phone_can_have_are_refused(client: Client, org: Org, number: str) -> None:
    bot = await make_bot(org)
    sent = {"bot_id": bot.id, "messenger": "whatsapp", "name": "A", "phone": number, "email": "x"}
    assert invalid(await call(client, "createOrUpdateContact", org.token, sent)) == {
        "email": ["Значение поля email должно быть действительным электронным адресом."],
        "phone": ["Значение поля phone имеет ошибочный формат."],
    }
    listed = await client.get(
        "/api/v1/getContacts", params={"api_token": org.token, "filters[phone]": number}
    )
    assert invalid(listed) == {
        "filters.phone": ["Значение поля filters phone имеет ошибочный формат."]
    }
    assert data(await call(client, "getContacts", org.token)) == []
