"""/api/v1/clients/... through HTTP: attributes, clients' values, the core's custom fields."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient as Client

from contacthub.core import contact_fields, fields
from contacthub.core.scope import Hub
from tests.dialects.twin.conftest import Operator
from tests.factories import make_contact

ATTRIBUTES = "/api/v1/clients/attributes"


def values_url(client_id: str, attribute_id: str | None = None) -> str:
    base = f"/api/v1/clients/{client_id}/attributes"
    return base if attribute_id is None else f"{base}/{attribute_id}"


async def create(client: Client, operator: Operator, name: str) -> str:
    answer = await client.post(ATTRIBUTES, json={"name": name}, headers=operator.auth)
    assert answer.status_code == 200, answer.text
    attribute_id: str = answer.json()["id"]
    return attribute_id


async def names(hub: Hub, org_id: int) -> list[str]:
    async with hub.reading(org_id) as s:
        return [field.name for field in await fields.list_fields(s)]


async def test_create_list_rename_delete(
    client: Client, hub: Hub, operator: Operator, admin: Operator
) -> None:
    first = await create(client, operator, "Имя клиента")
    second = await create(client, operator, "Возраст")
    assert len(first) == 36
    assert first != second

    listed = await client.get(ATTRIBUTES, headers=operator.auth)
    assert listed.status_code == 200
    company = operator.org.id
    assert listed.json() == {
        "count": 2,
        "items": [
            {"id": first, "companyId": company, "name": "Имя клиента"},
            {"id": second, "companyId": company, "name": "Возраст"},
        ],
    }

    renamed = await client.patch(
        f"{ATTRIBUTES}/{first}", json={"name": "Ответ клиента"}, headers=operator.auth
    )
    assert renamed.status_code == 200
    assert renamed.content == b""
    assert await names(hub, company) == ["Ответ клиента", "Возраст"]

    # Deleting takes an administrator (tests/dialects/twin/test_roles.py).
    deleted = await client.delete(f"{ATTRIBUTES}/{second.upper()}", headers=admin.auth)
    assert deleted.status_code == 200
    assert deleted.content == b""
    assert await names(hub, company) == ["Ответ клиента"]


async def test_client_values_set_list_delete(client: Client, hub: Hub, operator: Operator) -> None:
    contact = await make_contact(operator.org, "Иван")
    name_id = await create(client, operator, "Имя клиента")
    topic_id = await create(client, operator, "Тема обращения")

    empty = await client.get(values_url(contact.uuid), headers=operator.auth)
    assert empty.json() == {"count": 0, "items": []}

    for attribute_id, value in ((name_id, "Иван"), (topic_id, "доставка"), (name_id, "Иван И.")):
        answer = await client.post(
            values_url(contact.uuid, attribute_id), json={"value": value}, headers=operator.auth
        )
        assert answer.status_code == 200, answer.text
        assert answer.content == b""

    listed = await client.get(values_url(contact.uuid), headers=operator.auth)
    common = {"clientId": contact.uuid, "companyId": operator.org.id}
    assert listed.json() == {
        "count": 2,
        "items": [
            {"id": name_id, **common, "name": "Имя клиента", "value": "Иван И."},
            {"id": topic_id, **common, "name": "Тема обращения", "value": "доставка"},
        ],
    }

    removed = await client.delete(values_url(contact.uuid, topic_id), headers=operator.auth)
    assert removed.status_code == 200
    assert removed.content == b""
    again = await client.delete(values_url(contact.uuid, topic_id), headers=operator.auth)
    assert again.status_code == 404
    async with hub.reading(operator.org.id) as s:
        values = await contact_fields.contact_values(s, contact.id)
    assert [(v.field.name, v.value) for v in values] == [("Имя клиента", "Иван И.")]


async def test_an_attribute_is_the_core_field_of_that_name(
    client: Client, hub: Hub, operator: Operator, admin: Operator
) -> None:
    contact = await make_contact(operator.org, "Иван", fields={"Город": "Москва"})
    # A field made elsewhere (here: a Watbot-style variable) is an attribute here.
    listed = (await client.get(ATTRIBUTES, headers=operator.auth)).json()
    assert [item["name"] for item in listed["items"]] == ["Город"]
    city = listed["items"][0]["id"]
    values = (await client.get(values_url(contact.uuid), headers=operator.auth)).json()
    assert values["items"][0]["value"] == "Москва"

    # ...and one made here is the native API's field, with the same id.
    created = await create(client, operator, "Возраст")
    native = await client.get(f"/api/hub/v1/fields/{created}", headers=operator.org.auth)
    assert native.status_code == 200
    assert native.json()["name"] == "Возраст"

    # Deleting the attribute takes its values with it, on every client.
    other = await make_contact(operator.org, "Пётр", fields={"Город": "Тула"})
    assert (await client.delete(f"{ATTRIBUTES}/{city}", headers=admin.auth)).status_code == 200
    async with hub.reading(operator.org.id) as s:
        assert await contact_fields.contact_values(s, contact.id) == []
        assert await contact_fields.contact_values(s, other.id) == []


async def test_duplicate_names_are_409(client: Client, operator: Operator) -> None:
    await create(client, operator, "Возраст")
    other = await create(client, operator, "Имя клиента")
    duplicate = await client.post(ATTRIBUTES, json={"name": " Возраст "}, headers=operator.auth)
    assert duplicate.status_code == 409
    assert duplicate.json() == {"error": "A field named 'Возраст' already exists."}
    renamed = await client.patch(
        f"{ATTRIBUTES}/{other}", json={"name": "Возраст"}, headers=operator.auth
    )
    assert renamed.status_code == 409


async def test_unknown_ids_are_404(client: Client, operator: Operator, admin: Operator) -> None:
    contact = await make_contact(operator.org)
    attribute_id = await create(client, operator, "Возраст")
    unknown = "0c1f0e2a-1111-4222-8333-9dc052045452"
    cases = [
        ("POST", values_url(contact.uuid, unknown), {"value": "1"}),
        ("POST", values_url(unknown, attribute_id), {"value": "1"}),
        ("GET", values_url(unknown), None),
        ("DELETE", values_url(contact.uuid, attribute_id), None),  # no value to delete
        ("DELETE", values_url(unknown, attribute_id), None),
        ("PATCH", f"{ATTRIBUTES}/{unknown}", {"name": "x"}),
        ("DELETE", f"{ATTRIBUTES}/{unknown}", None),
        # Integer ids of other dialects name nothing here.
        ("GET", values_url(str(contact.id)), None),
        ("DELETE", f"{ATTRIBUTES}/1", None),
    ]
    for method, url, body in cases:
        # An administrator's token: a member's delete of an attribute is 403 before any lookup.
        answer = await client.request(method, url, json=body, headers=admin.auth)
        assert answer.status_code == 404, (method, url, answer.text)
        assert set(answer.json()) == {"error"}


async def test_a_deleted_client_is_gone(client: Client, operator: Operator) -> None:
    contact = await make_contact(operator.org)
    gone = await client.delete(f"/api/hub/v1/contacts/{contact.id}", headers=operator.org.auth)
    assert gone.status_code in (200, 204)
    answer = await client.get(values_url(contact.uuid), headers=operator.auth)
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("content", "status", "expected"),
    [
        (b"", 422, {"error": "Name is required.", "details": {"name": ["name is required"]}}),
        (b"{oops", 400, {"error": "The request body is not valid JSON."}),
        (b'"name"', 400, {"error": "The request body must be a JSON object."}),
        (
            b'{"name": "   "}',
            422,
            {"error": "Name is required.", "details": {"name": ["name is required"]}},
        ),
        (
            b'{"name": null}',
            422,
            {
                "error": "Invalid name: expected `str`, got `null`.",
                "details": {"name": ["Expected `str`, got `null`"]},
            },
        ),
        (
            ('{"name": "' + "я" * 256 + '"}').encode(),
            422,
            {
                "error": "Name is longer than 255 characters.",
                "details": {"name": ["name is longer than 255 characters"]},
            },
        ),
    ],
)
async def test_bad_attribute_bodies(
    client: Client,
    hub: Hub,
    operator: Operator,
    content: bytes,
    status: int,
    expected: dict[str, Any],
) -> None:
    headers = {**operator.auth, "Content-Type": "application/json"}
    answer = await client.post(ATTRIBUTES, content=content, headers=headers)
    assert answer.status_code == status
    assert answer.json() == expected
    assert await names(hub, operator.org.id) == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 422),
        ({"value": None}, 422),
        ({"value": [42]}, 422),
        ({"value": {"n": 42}}, 422),
        ({"value": "я" * 65_536}, 422),
    ],
)
async def test_bad_values(
    client: Client, hub: Hub, operator: Operator, body: dict[str, Any], status: int
) -> None:
    contact = await make_contact(operator.org)
    attribute_id = await create(client, operator, "Возраст")
    answer = await client.post(
        values_url(contact.uuid, attribute_id), json=body, headers=operator.auth
    )
    assert answer.status_code == status
    assert "error" in answer.json()
    async with hub.reading(operator.org.id) as s:
        assert await contact_fields.contact_values(s, contact.id) == []


async def test_list_options(client: Client, operator: Operator) -> None:
    ids = {name: await create(client, operator, name) for name in ("в", "а", "б", "г")}

    async def listed(**query: str) -> Any:
        answer = await client.get(ATTRIBUTES, params=query, headers=operator.auth)
        assert answer.status_code == 200, answer.text
        return answer.json()

    page = await listed(limit="2", page="2")
    assert page["count"] == 4
    assert [item["name"] for item in page["items"]] == ["б", "г"]
    window = await listed(offset="1", limit="2", sort="-name")
    assert [item["name"] for item in window["items"]] == ["в", "б"]
    assert (await listed(fields="id", sort="name"))["items"][0] == {"id": ids["а"]}
    assert await listed(withoutItems="1") == {"count": 4}
    assert "count" not in await listed(withoutCount="true")
    assert await listed(withoutCount="true", withoutItems="true") == {}


async def test_keyset_paging_by_id_or_name(client: Client, operator: Operator) -> None:
    ids = [await create(client, operator, name) for name in ("в", "а", "Б", "г")]

    async def names(url: str = ATTRIBUTES, **query: str) -> list[str]:
        answer = await client.get(url, params=query, headers=operator.auth)
        assert answer.status_code == 200, answer.text
        return [item["name"] for item in answer.json()["items"]]

    assert await names(offsetField="id", offsetValue=ids[1], limit="1") == ["Б"]
    assert await names(offsetValue=ids[2].upper()) == ["г"]  # by id when no field is named
    assert await names(offsetField="id", sort="-id", offsetValue=ids[2]) == ["а", "в"]
    assert await names(offsetField="name", offsetValue="Б") == ["в", "г"]
    assert await names(offsetField="name", sort="-name", offsetValue="в") == ["Б", "а"]
    assert await names(offsetField="name", group="companyId") == ["а", "Б", "в", "г"]

    contact = await make_contact(operator.org)
    for attribute_id in ids:
        url = values_url(contact.uuid, attribute_id)
        assert (await client.post(url, json={"value": "1"}, headers=operator.auth)).is_success
    after = {"offsetField": "name", "offsetValue": "а", "limit": "2"}
    assert await names(values_url(contact.uuid), **after) == ["Б", "в"]


@pytest.mark.parametrize(
    ("query", "param", "message"),
    [
        ({"limit": "0"}, "limit", "must be an integer from 1 to 1000"),
        ({"limit": "ten"}, "limit", "must be an integer from 1 to 1000"),
        ({"offset": "-1"}, "offset", "must be an integer from 0 to 2147483648"),
        ({"page": "1", "offset": "3"}, "page", "give either page or offset"),
        ({"withoutCount": "maybe"}, "withoutCount", "must be 1, 0, true or false"),
        ({"sort": "age"}, "sort", "'age' is not one of id, companyId, name (-key for descending)"),
        ({"sort": ","}, "sort", "names no field"),
        ({"fields": "id,age"}, "fields", "'age' is not one of id, companyId, name"),
        ({"offsetField": "companyId"}, "offsetField", "'companyId' is not one of id, name"),
        (
            {"offsetField": "id", "sort": "name"},
            "offsetField",
            "must be the first key of sort (name is)",
        ),
    ],
)
async def test_bad_list_options_are_400(
    client: Client, operator: Operator, query: dict[str, str], param: str, message: str
) -> None:
    answer = await client.get(ATTRIBUTES, params=query, headers=operator.auth)
    assert answer.status_code == 400
    assert answer.json() == {
        "error": f"Invalid query parameter {param}: {message}.",
        "details": {param: [message]},
    }


async def test_unrouted_paths_answer_in_twins_envelope(client: Client, operator: Operator) -> None:
    missing = await client.get("/api/v1/clients/nothing/here/at/all", headers=operator.auth)
    assert missing.status_code == 404
    assert set(missing.json()) == {"error"}
    wrong_method = await client.put(ATTRIBUTES, headers=operator.auth)
    assert wrong_method.status_code == 405
    assert set(wrong_method.json()) == {"error"}
