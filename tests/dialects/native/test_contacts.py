"""/api/hub/v1/contacts through HTTP."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient as Client

from tests.factories import Org, make_base, make_bot, make_contact

URL = "/api/hub/v1/contacts"


async def test_create_then_read_a_contact_with_everything(client: Client, org: Org) -> None:
    base = await make_base(org)
    bot = await make_bot(org)
    body = {
        "name": "Лапшина Ирина Дмитриевна",
        "email": "irina@example.com",
        "address": "Москва, ул. Ленина, 1",
        "description": "постоянный клиент",
        "www": "https://example.com",
        "external_code": "EXT-1",
        "base_id": base.id,
        "bot_id": bot.id,
        "messenger": "telegram",
        "telegram_id": "123456",
        "telegram_username": "irina",
        "utm": {"source": "google", "campaign": "spring"},
        "phones": [
            {"number": "8 999 888-77-66", "remark": "мобильный"},
            {"number": "+7 (495) 123-45-67"},
        ],
        "tags": ["Горячий", "Реклама"],
        "fields": {"Город": "Москва"},
    }
    created = await client.post(URL, json=body, headers=org.auth)
    assert created.status_code == 201, created.text
    contact = created.json()
    assert contact["id"] >= 1
    assert len(contact["uuid"]) == 36
    assert contact["phones"] == [
        {"number": "8 999 888-77-66", "e164": "+79998887766", "remark": "мобильный"},
        {"number": "+7 (495) 123-45-67", "e164": "+74951234567", "remark": None},
    ]
    assert sorted(contact["tags"]) == ["Горячий", "Реклама"]
    assert contact["fields"] == {"Город": "Москва"}
    assert contact["utm"] == {
        "source": "google",
        "medium": None,
        "campaign": "spring",
        "term": None,
        "content": None,
    }

    by_id = await client.get(f"{URL}/{contact['id']}", headers=org.auth)
    by_uuid = await client.get(f"{URL}/{contact['uuid']}", headers=org.auth)
    assert by_id.status_code == 200
    assert by_id.json() == contact == by_uuid.json()


async def test_patch_changes_only_what_is_sent(client: Client, org: Org) -> None:
    contact = await make_contact(org, "Пётр", ["79161234567"], tags=["a"], email="p@example.com")
    answer = await client.patch(
        f"{URL}/{contact.id}", json={"name": "Пётр Петров", "utm": {"term": "x"}}, headers=org.auth
    )
    assert answer.status_code == 200, answer.text
    patched = answer.json()
    assert patched["name"] == "Пётр Петров"
    assert patched["email"] == "p@example.com"
    assert patched["phones"][0]["e164"] == "+79161234567"
    assert patched["tags"] == ["a"]
    assert patched["utm"]["term"] == "x"

    cleared = await client.patch(
        f"{URL}/{contact.id}", json={"email": None, "phones": [], "tags": []}, headers=org.auth
    )
    assert cleared.json()["email"] is None
    assert cleared.json()["phones"] == []
    assert cleared.json()["tags"] == []


async def test_delete_hides_the_contact_everywhere(client: Client, org: Org) -> None:
    contact = await make_contact(org, phones=["79990001122"])
    assert (await client.delete(f"{URL}/{contact.id}", headers=org.auth)).status_code == 204
    assert (await client.get(f"{URL}/{contact.id}", headers=org.auth)).status_code == 404
    assert (await client.delete(f"{URL}/{contact.id}", headers=org.auth)).status_code == 404
    listed = await client.get(URL, headers=org.auth)
    assert listed.json()["items"] == []
    lookup = await client.get("/api/hub/v1/phones/79990001122", headers=org.auth)
    assert lookup.json()["contacts"] == []


async def test_pages_walk_every_contact_once(client: Client, org: Org) -> None:
    made = [await make_contact(org, f"Контакт {i}", [f"7999000{i:04d}"]) for i in range(7)]
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(URL, params=params, headers=org.auth)).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [c.id for c in made]
    assert pages == 3


async def test_filters(client: Client, org: Org) -> None:
    base = await make_base(org)
    bot = await make_bot(org)
    ivan = await make_contact(
        org, "Иван Иванов", ["+7 999 111-22-33"], tags=["vip"], base_id=base.id, email="ivan@x.ru"
    )
    await make_contact(org, "Пётр Петров", ["79992223344"], bot_id=bot.id, external_code="P-1")

    async def ids(**params: Any) -> list[int]:
        answer = await client.get(URL, params=params, headers=org.auth)
        assert answer.status_code == 200, answer.text
        return [item["id"] for item in answer.json()["items"]]

    assert await ids(tag="vip") == [ivan.id]
    assert await ids(base_id=base.id) == [ivan.id]
    assert len(await ids(bot_id=bot.id)) == 1
    assert await ids(phone="89991112233") == [ivan.id]
    assert await ids(q="иванов") == [ivan.id]  # Cyrillic, any case
    assert await ids(q="IVAN@X") == [ivan.id]
    assert await ids(q="%") == []  # LIKE wildcards are literal
    assert len(await ids(external_code="P-1")) == 1
    assert await ids(tag="nobody") == []


async def test_bad_input_is_refused_and_changes_nothing(client: Client, org: Org) -> None:
    cases: list[tuple[Any, int, str]] = [
        ({"phones": [{"number": "not a phone"}]}, 422, "phone_invalid"),
        ({"phones": [{"number": "12"}]}, 422, "phone_invalid"),
        ({"email": "not-an-email"}, 422, "invalid"),
        ({"name": "x" * 501}, 422, "invalid"),
        ({"base_id": 999}, 422, "invalid"),
        ({"name": 5}, 400, "bad_request"),
        ({"unknown_field": 1}, 400, "bad_request"),
        ([1, 2], 400, "bad_request"),
    ]
    for body, status, code in cases:
        answer = await client.post(URL, json=body, headers=org.auth)
        assert answer.status_code == status, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["status"] == status
        assert problem["code"] == code
        assert problem["detail"]
    malformed = await client.post(
        URL, content=b'{"name": ', headers={**org.auth, "content-type": "application/json"}
    )
    assert malformed.status_code == 400
    assert (await client.get(URL, headers=org.auth)).json()["items"] == []


async def test_a_bad_phone_in_a_patch_keeps_the_old_phones(client: Client, org: Org) -> None:
    contact = await make_contact(org, phones=["79161234567"])
    answer = await client.patch(
        f"{URL}/{contact.id}",
        json={"name": "Новое имя", "phones": [{"number": "79161234568"}, {"number": "bad"}]},
        headers=org.auth,
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"phones[1]": ["'bad' is not a valid phone number"]}
    current = (await client.get(f"{URL}/{contact.id}", headers=org.auth)).json()
    assert current["name"] == "Иван Иванов"
    assert [p["e164"] for p in current["phones"]] == ["+79161234567"]


async def test_contact_tags_endpoints(client: Client, org: Org) -> None:
    contact = await make_contact(org, tags=["old"])
    tags_url = f"{URL}/{contact.id}/tags"
    added = await client.post(tags_url, json={"name": "new"}, headers=org.auth)
    assert added.status_code == 201
    assert [t["name"] for t in added.json()] == ["new", "old"]
    replaced = await client.put(tags_url, json={"tags": ["x", "y", "x"]}, headers=org.auth)
    assert [t["name"] for t in replaced.json()] == ["x", "y"]
    assert (await client.delete(f"{tags_url}/x", headers=org.auth)).status_code == 204
    assert (await client.delete(f"{tags_url}/x", headers=org.auth)).status_code == 404
    assert [t["name"] for t in (await client.get(tags_url, headers=org.auth)).json()] == ["y"]


async def test_contact_fields_endpoints(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    fields_url = f"{URL}/{contact.uuid}/fields"
    put = await client.put(f"{fields_url}/Город", json={"value": "Тверь"}, headers=org.auth)
    assert put.status_code == 200, put.text
    assert put.json()["name"] == "Город"
    assert put.json()["value"] == "Тверь"
    listed = (await client.get(fields_url, headers=org.auth)).json()
    assert [(v["name"], v["value"]) for v in listed] == [("Город", "Тверь")]
    assert (await client.delete(f"{fields_url}/Город", headers=org.auth)).status_code == 204
    assert (await client.delete(f"{fields_url}/Город", headers=org.auth)).status_code == 404
    assert (await client.get(fields_url, headers=org.auth)).json() == []


async def test_nul_characters_are_refused_on_every_database(client: Client, org: Org) -> None:
    for body in ({"name": "a\x00b"}, {"fields": {"x": "a\x00b"}}, {"tags": ["a\x00"]}):
        answer = await client.post(URL, json=body, headers=org.auth)
        assert answer.status_code == 422, (body, answer.text)
    search = await client.get(
        URL, params={"q": "a\x00b", "external_code": "\x00"}, headers=org.auth
    )
    assert search.status_code in (200, 422), search.text
    assert (await client.get(URL, headers=org.auth)).json()["items"] == []
