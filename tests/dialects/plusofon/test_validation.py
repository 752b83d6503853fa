"""Bad bodies on POST and PUT: 400 with Laravel's field errors, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient as Client

from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list

OK_CONTACT = {"name": "A", "phones": ["79161111111"]}


def required(field: str) -> dict[str, list[str]]:
    return {field: [f"Поле {field} обязательно для заполнения."]}


def not_a_phone(field: str) -> dict[str, list[str]]:
    return {field: [f"Поле {field} должно быть действительным номером телефона."]}


CASES: list[tuple[str, dict[str, Any], dict[str, list[str]]]] = [
    ("empty body", {}, {**required("name"), **required("type")}),
    ("blank name", {"name": "  ", "type": "black"}, required("name")),
    ("null name", {"name": None, "type": "black"}, required("name")),
    (
        "name not a string",
        {"name": 5, "type": "black"},
        {"name": ["Поле name должно быть строкой."]},
    ),
    (
        "name too long",
        {"name": "я" * 256, "type": "black"},
        {"name": ["Количество символов в поле name не может превышать 255."]},
    ),
    (
        "unknown type",
        {"name": "L", "type": "red"},
        {"type": ["Выбранное значение для type некорректно (возможные: black, white)."]},
    ),
    ("type not a string", {"name": "L", "type": 1}, {"type": ["Поле type должно быть строкой."]}),
    (
        "contacts null",
        {"name": "L", "type": "black", "contacts": None},
        {"contacts": ["Поле contacts должно быть массивом."]},
    ),
    (
        "contacts an object",
        {"name": "L", "type": "black", "contacts": OK_CONTACT},
        {"contacts": ["Поле contacts должно быть массивом."]},
    ),
    (
        "contact not an object",
        {"name": "L", "type": "black", "contacts": [OK_CONTACT, "A 79161111111"]},
        {"contacts.1": ["Поле contacts.1 должно быть объектом с полями name и phones."]},
    ),
    (
        "contact without a name",
        {"name": "L", "type": "black", "contacts": [{"phones": ["79161111111"]}]},
        required("contacts.0.name"),
    ),
    (
        "contact name too long",
        {
            "name": "L",
            "type": "black",
            "contacts": [{"name": "x" * 501, "phones": ["79161111111"]}],
        },
        {"contacts.0.name": ["Количество символов в поле contacts.0.name не может превышать 500."]},
    ),
    (
        "contact without phones",
        {"name": "L", "type": "black", "contacts": [{"name": "A"}]},
        required("contacts.0.phones"),
    ),
    (
        "contact with no phone",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": []}]},
        required("contacts.0.phones"),
    ),
    (
        "phones not an array",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": "79161111111"}]},
        {"contacts.0.phones": ["Поле contacts.0.phones должно быть массивом."]},
    ),
    (
        "too many phones",
        {
            "name": "L",
            "type": "black",
            "contacts": [{"name": "A", "phones": [f"7916111{i:04d}" for i in range(101)]}],
        },
        {
            "contacts.0.phones": [
                "Количество элементов в поле contacts.0.phones не может превышать 100."
            ]
        },
    ),
    (
        "blank phone",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": [" "]}]},
        required("contacts.0.phones.0"),
    ),
    (
        "phone not a string",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": [True]}]},
        {"contacts.0.phones.0": ["Поле contacts.0.phones.0 должно быть строкой."]},
    ),
    (
        "letters for a phone",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": ["abc"]}]},
        not_a_phone("contacts.0.phones.0"),
    ),
    (
        "too short a number",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": ["12345"]}]},
        not_a_phone("contacts.0.phones.0"),
    ),
    (
        "not in the numbering plan",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": ["+7 000 000-00-00"]}]},
        not_a_phone("contacts.0.phones.0"),
    ),
    (
        "too long a number",
        {"name": "L", "type": "black", "contacts": [{"name": "A", "phones": ["7" * 65]}]},
        not_a_phone("contacts.0.phones.0"),
    ),
    (
        "the second phone of the second contact",
        {
            "name": "L",
            "type": "black",
            "contacts": [OK_CONTACT, {"name": "B", "phones": ["79162222222", "7999"]}],
        },
        not_a_phone("contacts.1.phones.1"),
    ),
]


async def assert_refused(answer: Any, errors: dict[str, list[str]]) -> None:
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["success"] is False
    assert body["errors"] == errors
    first = next(iter(errors.values()))[0]
    more = sum(len(messages) for messages in errors.values()) - 1
    assert body["message"] == first + (f" (и ещё ошибок: {more})" if more else "")


@pytest.mark.parametrize(("body", "errors"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_create_refuses(
    client: Client, org: Org, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    await assert_refused(await client.post(URL, json=body, headers=headers(org)), errors)
    assert (await client.get(URL, headers=headers(org))).json()["total"] == 0


@pytest.mark.parametrize(("body", "errors"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_replace_refuses_and_keeps_the_list(
    client: Client, org: Org, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    await make_list(org, "Old", "black", {"Old": ["79163333333"]})
    before = (await client.get(f"{URL}/1", headers=headers(org))).json()
    await assert_refused(await client.put(f"{URL}/1", json=body, headers=headers(org)), errors)
    assert (await client.get(f"{URL}/1", headers=headers(org))).json() == before


async def test_every_wrong_field_is_reported_at_once_up_to_a_hundred(
    client: Client, org: Org
) -> None:
    contacts = [{"name": "", "phones": []} for _ in range(80)]
    answer = await client.post(URL, json={"type": "x", "contacts": contacts}, headers=headers(org))
    assert answer.status_code == 400
    body = answer.json()
    assert len(body["errors"]) == 100
    assert list(body["errors"])[:4] == ["name", "type", "contacts.0.name", "contacts.0.phones"]
    assert body["message"] == "Поле name обязательно для заполнения. (и ещё ошибок: 161)"


async def test_bad_numbers_are_reported_with_the_other_fields(client: Client, org: Org) -> None:
    """The C# client's list with a bad type, a nameless entry and numbers that are no numbers:
    one answer names all of them, the numbers included (not only once the rest is fixed)."""
    body = {
        "name": "Стоп",
        "type": "grey",
        "contacts": [
            {"name": "", "phones": ["79161111111", "12345"]},
            {"name": "Б", "phones": ["900", "8 (916) 123-45-67"]},
        ],
    }
    errors = {
        "type": ["Выбранное значение для type некорректно (возможные: black, white)."],
        **required("contacts.0.name"),
        **not_a_phone("contacts.0.phones.1"),
        **not_a_phone("contacts.1.phones.0"),
    }
    await assert_refused(await client.post(URL, json=body, headers=headers(org)), errors)
    await make_list(org, "Old", "black", {"Old": ["79163333333"]})
    await assert_refused(await client.put(f"{URL}/1", json=body, headers=headers(org)), errors)


@pytest.mark.parametrize(
    ("content", "content_type", "status", "message"),
    [
        (
            b"[object Object]",
            "application/json",
            400,
            "Тело запроса не является корректным JSON"
            " (в JavaScript передайте body: JSON.stringify(body))",
        ),
        (b'{"name": "L",', "application/json", 400, None),
        (b'["L", "black"]', "application/json", 400, "Тело запроса должно быть JSON-объектом"),
        (b'"L"', "application/json", 400, "Тело запроса должно быть JSON-объектом"),
        (
            b"name=L&type=black",
            "application/x-www-form-urlencoded",
            415,
            "Тело запроса должно быть JSON с заголовком Content-Type: application/json",
        ),
        (b"\xff\xfe", "application/json", 400, None),
    ],
)
async def test_bodies_that_are_not_a_json_object(
    client: Client, org: Org, content: bytes, content_type: str, status: int, message: str | None
) -> None:
    await make_list(org, "Old", "black", {"Old": ["79163333333"]})
    before = (await client.get(f"{URL}/1", headers=headers(org))).json()
    sent = headers(org, **{"Content-Type": content_type})
    for method, path in (("POST", URL), ("PUT", f"{URL}/1")):
        answer = await client.request(method, path, content=content, headers=sent)
        assert answer.status_code == status, answer.text
        body = answer.json()
        assert body["success"] is False
        assert body["message"] == message or (message is None and "JSON" in body["message"])
    assert (await client.get(f"{URL}/1", headers=headers(org))).json() == before
    assert (await client.get(URL, headers=headers(org))).json()["total"] == 1


async def test_a_json_body_under_a_form_content_type_is_read(client: Client, org: Org) -> None:
    """curl -d without -H sends a form type; a body that is JSON is still read as JSON."""
    sent = headers(org, **{"Content-Type": "application/x-www-form-urlencoded"})
    answer = await client.post(URL, content=b'{"name": "L", "type": "white"}', headers=sent)
    assert answer.status_code == 201, answer.text
