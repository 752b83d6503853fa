"""Bad input to POST and PATCH of contacts: 422 with the attribute, 400 for unreadable bodies.
Nothing is written either way.
"""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient as Client

from tests.dialects.obzvonilka.support import all_contacts, form, key, seeded, stored
from tests.factories import Org, make_base

URL = "/api/contact_bases/1/contacts.json"


@pytest.mark.parametrize(
    ("attributes", "errors"),
    [
        ({"phone1": "abc"}, {"phone1": ["'abc' is not a valid phone number"]}),
        ({"phone7": "+"}, {"phone7": ["'+' is not a valid phone number"]}),
        ({"email": "no-at-sign"}, {"email": ["'no-at-sign' is not an e-mail address"]}),
        ({"name": "я" * 501}, {"name": ["name is longer than 500 characters"]}),
        (
            {"address_string": "x" * 10_001},
            {"address_string": ["address_string is longer than 10000 characters"]},
        ),
        (
            {"phone_remark3": "нет номера"},
            {"phone_remark3": ["phone_remark3 needs a number in phone3"]},
        ),
        (
            {"phone2": "89991234567", "phone_remark2": "r" * 501},
            {"phone_remark2": ["phone_remark2 is longer than 500 characters"]},
        ),
        (
            # Every wrong attribute at once, the numbers no Russian number can be among them.
            {"phone1": "12345", "phone2": "900", "phone_remark2": "r" * 501, "email": "x"},
            {
                "email": ["'x' is not an e-mail address"],
                "phone1": ["'12345' is not a valid phone number: too short"],
                "phone2": ["'900' is not a valid phone number: too short"],
            },
        ),
    ],
)
async def test_invalid_input_is_a_422_and_writes_nothing(
    client: Client, org: Org, attributes: dict[str, str], errors: dict[str, list[str]]
) -> None:
    contact = await seeded(org)
    before = await stored(org, contact.id)

    created = await client.post(URL, params=key(org), data=form(**{"name": "Новый", **attributes}))
    assert created.status_code == 422, created.text
    assert created.json() == {"errors": errors}

    changed = await client.patch(
        f"/api/contact_bases/1/contacts/{contact.id}.json",
        params=key(org),
        data=form(**{"name": "Изменён", **attributes}),
    )
    assert changed.status_code == 422
    assert changed.json() == {"errors": errors}
    assert [c.id for c in await all_contacts(org)] == [contact.id]
    assert await stored(org, contact.id) == before


async def test_values_that_are_not_text_are_a_422_naming_each(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.post(
        URL,
        params=key(org),
        json={"contact": {"name": ["a"], "email": {"x": 1}, "phone1": True, "www": 1.5}},
    )
    assert answer.status_code == 422
    assert answer.json() == {
        "errors": {
            "name": ["name must be a string"],
            "email": ["email must be a string"],
            "phone1": ["phone1 must be a string"],
            "www": ["www must be a string"],
        }
    }
    assert await all_contacts(org) == []


async def test_a_file_is_no_attribute_value(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.post(
        URL,
        params=key(org),
        files={"contact[name]": ("name.txt", b"abc", "text/plain"), "contact[www]": (None, "x")},
    )
    assert answer.status_code == 422
    assert answer.json() == {"errors": {"name": ["name must be a string"]}}
    assert await all_contacts(org) == []


MISSING = {
    "status": 400,
    "error": "Bad Request",
    "message": "param is missing or the value is empty: contact",
}

# PostgreSQL cannot store NUL in text; SQLite could, but both databases must answer alike.
NUL = {"status": 400, "error": "Bad Request", "message": "a parameter contains a NUL character"}


@pytest.mark.parametrize(
    ("request_kwargs", "body"),
    [
        ({}, MISSING),
        ({"data": {"name": "flat form fields are not wrapped"}}, MISSING),
        ({"data": {"contact": "abc"}}, MISSING),
        ({"json": {"contact": {}}}, MISSING),
        ({"json": {"unrelated": 1}}, MISSING),
        ({"json": [{"name": "x"}]}, MISSING),
        ({"content": b"name=x", "headers": {"content-type": "text/plain"}}, MISSING),
        (
            {"content": b'{"contact": {', "headers": {"content-type": "application/json"}},
            {
                "status": 400,
                "error": "Bad Request",
                "message": "the request body is not valid JSON",
            },
        ),
        (
            {
                "content": b"contact[name]=%FF%FE",
                "headers": {"content-type": "application/x-www-form-urlencoded"},
            },
            {"status": 400, "error": "Bad Request", "message": "the form is not valid UTF-8"},
        ),
        (
            {
                "content": b"--b\r\n"
                b'Content-Disposition: form-data; name="contact[name]"\r\n\r\n'
                b"\xff\xfe\r\n--b--\r\n",
                "headers": {"content-type": "multipart/form-data; boundary=b"},
            },
            {"status": 400, "error": "Bad Request", "message": "a form field is not valid UTF-8"},
        ),
        (
            {"content": b"garbage", "headers": {"content-type": "multipart/form-data; boundary=b"}},
            {"status": 400, "error": "Bad Request", "message": "Invalid multipart/form-data"},
        ),
        ({"data": {"contact[name]": "a\x00b"}}, NUL),
        ({"json": {"contact": {"name": "ok", "description": "a\x00"}}}, NUL),
        ({"json": {"contact": {"name": "ok"}, "x": [{"y": "\x00"}]}}, NUL),
    ],
    ids=[
        "no body",
        "flat form",
        "contact not a hash",
        "empty contact",
        "json without attributes",
        "json array",
        "text body",
        "broken json",
        "bad utf-8 form",
        "bad utf-8 multipart",
        "broken multipart",
        "nul in form",
        "nul in json",
        "nul in json elsewhere",
    ],
)
async def test_unreadable_bodies_are_a_400_and_write_nothing(
    client: Client, org: Org, request_kwargs: dict[str, Any], body: dict[str, Any]
) -> None:
    contact = await seeded(org)
    before = await stored(org, contact.id)
    for method, path in (
        ("POST", URL),
        ("PATCH", f"/api/contact_bases/1/contacts/{contact.id}.json"),
    ):
        answer = await client.request(method, path, params=key(org), **request_kwargs)
        assert answer.status_code == 400, (method, answer.text)
        assert answer.json() == body
    assert [c.id for c in await all_contacts(org)] == [contact.id]
    assert await stored(org, contact.id) == before


async def test_a_bad_query_string_is_a_400(client: Client, org: Org) -> None:
    await make_base(org)
    answer = await client.get(f"/api/contact_bases.json?api_key={org.token}&x=%FF")
    assert answer.status_code == 400
    assert answer.json()["message"] == "the query string is not valid UTF-8"
