"""Every contact-list method through HTTP: create, read, list, replace, rename, delete, types."""

from __future__ import annotations

import json

from httpx import AsyncClient as Client

from contacthub.dialects.plusofon.routes.lists import STREAM_PAGE, stream_list
from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list


async def test_a_list_from_creation_to_deletion(client: Client, org: Org) -> None:
    body = {
        "name": "  Спамеры  ",
        "type": "black",
        "contacts": [
            {"name": "Иван Иванов", "phones": ["+7 999 888-77-66", "8 (916) 123-45-67"]},
            {"name": "Петр Петров", "phones": ["79993334400"]},
        ],
    }
    created = await client.post(URL, json=body, headers=headers(org))
    assert created.status_code == 201
    assert created.json() == {"success": True}
    location = created.headers["location"]
    assert location == f"http://contacthub.test{URL}/1"

    read = await client.get(location.removeprefix("http://contacthub.test"), headers=headers(org))
    assert read.status_code == 200
    assert read.json() == {
        "id": 1,
        "name": "Спамеры",
        "type": "black",
        "contacts": [
            {"name": "Иван Иванов", "phones": ["79998887766", "79161234567"]},
            {"name": "Петр Петров", "phones": ["79993334400"]},
        ],
        "success": True,
    }
    page = (await client.get(URL, headers=headers(org))).json()
    assert page["data"] == [{"id": 1, "name": "Спамеры", "type": "black"}]
    assert page["total"] == 1

    deleted = await client.delete(f"{URL}/1", headers=headers(org))
    assert deleted.status_code == 200
    assert deleted.json() == {"success": True}
    assert (await client.get(f"{URL}/1", headers=headers(org))).status_code == 404
    assert (await client.get(URL, headers=headers(org))).json()["data"] == []
    again = await client.delete(f"{URL}/1", headers=headers(org))
    assert again.status_code == 404
    assert again.json() == {"success": False, "error": "Список контактов не найден"}


async def test_contacts_are_optional_on_create(client: Client, org: Org) -> None:
    for body in (
        {"name": "Пустой", "type": "white"},
        {"name": "Пустой 2", "type": "black", "contacts": []},
    ):
        created = await client.post(URL, json=body, headers=headers(org))
        assert created.status_code == 201, created.text
        path = created.headers["location"].removeprefix("http://contacthub.test")
        read = (await client.get(path, headers=headers(org))).json()
        assert read["contacts"] == []
        assert read["type"] == body["type"]


async def test_phones_sent_as_json_numbers_are_read_as_digits(client: Client, org: Org) -> None:
    body = {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": [79998887766]}]}
    assert (await client.post(URL, json=body, headers=headers(org))).status_code == 201
    read = (await client.get(f"{URL}/1", headers=headers(org))).json()
    assert read["contacts"] == [{"name": "A", "phones": ["79998887766"]}]


async def test_put_replaces_name_type_and_every_contact(client: Client, org: Org) -> None:
    await make_list(
        org, "Old", "black", {"A": ["79161111111"], "B": ["79162222222", "79163333333"]}
    )
    body = {
        "name": "New",
        "type": "white",
        "contacts": [{"name": "C", "phones": ["89164444444"]}],
    }
    replaced = await client.put(f"{URL}/1", json=body, headers=headers(org))
    assert replaced.status_code == 200
    assert replaced.json() == {"success": True}
    assert (await client.get(f"{URL}/1", headers=headers(org))).json() == {
        "id": 1,
        "name": "New",
        "type": "white",
        "contacts": [{"name": "C", "phones": ["79164444444"]}],
        "success": True,
    }


async def test_put_with_empty_contacts_empties_the_list(client: Client, org: Org) -> None:
    await make_list(org, "Old", "black", {"A": ["79161111111"]})
    body = {"name": "Old", "type": "black", "contacts": []}
    assert (await client.put(f"{URL}/1", json=body, headers=headers(org))).status_code == 200
    assert (await client.get(f"{URL}/1", headers=headers(org))).json()["contacts"] == []


async def test_put_without_contacts_keeps_them(client: Client, org: Org) -> None:
    await make_list(org, "Old", "black", {"A": ["79161111111"]})
    body = {"name": "Renamed", "type": "white"}
    assert (await client.put(f"{URL}/1", json=body, headers=headers(org))).status_code == 200
    assert (await client.get(f"{URL}/1", headers=headers(org))).json() == {
        "id": 1,
        "name": "Renamed",
        "type": "white",
        "contacts": [{"name": "A", "phones": ["79161111111"]}],
        "success": True,
    }


async def test_types(client: Client, org: Org) -> None:
    answer = await client.get(f"{URL}/types", headers=headers(org))
    assert answer.status_code == 200
    assert answer.json() == {
        "types": [{"type": "black", "title": "Черный"}, {"type": "white", "title": "Белый"}],
        "success": True,
    }


async def test_a_trailing_slash_is_the_same_method(client: Client, org: Org) -> None:
    await make_list(org, "L", "black", {"A": ["79161111111"]})
    assert (await client.get(f"{URL}/", headers=headers(org))).json()["total"] == 1
    assert (await client.get(f"{URL}/1/", headers=headers(org))).json()["id"] == 1


async def test_get_methods_ignore_a_json_body_they_do_not_need(client: Client, org: Org) -> None:
    await make_list(org, "L", "black", {"A": ["79161111111"]})
    for path in (f"{URL}/1", f"{URL}/types"):
        answer = await client.request("GET", path, content=b"not json", headers=headers(org))
        assert answer.status_code == 200, answer.text
    deleted = await client.request("DELETE", f"{URL}/1", content=b"{", headers=headers(org))
    assert deleted.status_code == 200


async def test_a_long_list_is_streamed_with_the_same_body(client: Client, org: Org) -> None:
    count = STREAM_PAGE * 2 + 7
    contacts = [
        {"name": f'Абонент "{n}"', "phones": [f"7999{n:07d}", f"7495{n:07d}"][: 1 + n % 2]}
        for n in range(count)
    ]
    body = {"name": "Большой", "type": "black", "contacts": contacts}
    assert (await client.post(URL, json=body, headers=headers(org))).status_code == 201
    read = await client.get(f"{URL}/1", headers=headers(org))
    assert read.status_code == 200
    assert read.headers["content-type"] == "application/json"
    assert "content-length" not in read.headers  # streamed
    assert read.json() == {
        "id": 1,
        "name": "Большой",
        "type": "black",
        "contacts": contacts,
        "success": True,
    }
    # A page of entries a chunk, not one piece; the chunks are the body.
    chunks = [chunk async for chunk in stream_list(org.hub, org.id, "1")]
    assert len(chunks) == 1 + 3 + 1
    assert json.loads(b"".join(chunks)) == read.json()


async def test_a_list_of_exactly_one_page_is_one_answer(client: Client, org: Org) -> None:
    contacts = [{"name": f"N{n}", "phones": [f"7999{n:07d}"]} for n in range(STREAM_PAGE)]
    body = {"name": "Ровно", "type": "white", "contacts": contacts}
    assert (await client.post(URL, json=body, headers=headers(org))).status_code == 201
    read = await client.get(f"{URL}/1", headers=headers(org))
    assert "content-length" in read.headers
    assert read.json()["contacts"] == contacts
