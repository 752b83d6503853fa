"""getContactVariables, setContactVariable, deleteContactVariable over HTTP, and the crossing with
the native API's fields (the same custom fields)."""

from __future__ import annotations

import pytest
from httpx import AsyncClient as Client

from tests.dialects.watbot.support import TRANSPORTS, call, data, invalid
from tests.factories import Org, make_contact


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_set_then_read_a_variable(client: Client, org: Org, transport: str) -> None:
    contact = await make_contact(org)
    answer = await call(
        client,
        "setContactVariable",
        org.token,
        {"contact_id": contact.id, "name": "Город", "value": "Москва"},
        transport=transport,
    )
    saved = data(answer)
    assert saved == {
        "id": saved["id"],
        "name": "Город",
        "value": "Москва",
        "deletable": False,
        "variable": {"id": saved["id"], "name": "Город"},
    }
    listed = data(
        await call(
            client,
            "getContactVariables",
            org.token,
            {"contact_id": contact.id},
            transport=transport,
        )
    )
    assert listed == [saved]


async def test_set_updates_by_name_and_keeps_other_variables(client: Client, org: Org) -> None:
    contact = await make_contact(org, fields={"Возраст": "30"})
    first = data(
        await call(
            client,
            "setContactVariable",
            org.token,
            {"contact_id": contact.id, "name": "Город", "value": "Москва", "deletable": 1},
        )
    )
    second = data(
        await call(
            client,
            "setContactVariable",
            org.token,
            {"contact_id": contact.id, "name": "Город", "value": "Казань"},
        )
    )
    assert second["id"] == first["id"]
    assert second["value"] == "Казань"
    assert second["deletable"] is True  # not sent: the flag stays
    listed = data(await call(client, "getContactVariables", org.token, {"contact_id": contact.id}))
    assert [(v["name"], v["value"]) for v in listed] == [("Возраст", "30"), ("Город", "Казань")]

    by_id = data(
        await call(
            client,
            "setContactVariable",
            org.token,
            {"contact_id": contact.id, "id": first["id"], "value": "", "deletable": "false"},
        )
    )
    assert (by_id["name"], by_id["value"], by_id["deletable"]) == ("Город", "", False)


async def test_json_values_become_strings(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    answer = await client.post(
        "/api/v1/setContactVariable",
        json={"api_token": org.token, "contact_id": contact.id, "name": "n", "value": 42},
    )
    assert data(answer)["value"] == "42"


@pytest.mark.parametrize("verb", ["DELETE", "POST", "GET"])
async def test_delete_a_variable_by_name_or_id(client: Client, org: Org, verb: str) -> None:
    contact = await make_contact(org, fields={"Город": "Москва", "Возраст": "30"})
    kept = data(
        await call(
            client,
            "deleteContactVariable",
            org.token,
            {"contact_id": contact.id, "name": "Город"},
            verb=verb,
        )
    )
    assert [v["name"] for v in kept] == ["Возраст"]
    age_id = kept[0]["id"]
    none_left = data(
        await call(
            client,
            "deleteContactVariable",
            org.token,
            {"contact_id": contact.id, "id": age_id},
            transport="json",
            verb=verb,
        )
    )
    assert none_left == []
    again = await call(
        client, "deleteContactVariable", org.token, {"contact_id": contact.id, "id": age_id}
    )
    assert again.status_code == 404
    assert "message" in again.json()


async def test_a_variable_is_the_native_field_of_the_same_name(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    saved = data(
        await call(
            client,
            "setContactVariable",
            org.token,
            {"contact_id": contact.id, "name": "Город", "value": "Москва"},
        )
    )
    native = await client.get(f"/api/hub/v1/contacts/{contact.id}/fields", headers=org.auth)
    assert [(f["field_id"], f["name"], f["value"]) for f in native.json()] == [
        (saved["id"], "Город", "Москва")
    ]

    await client.put(
        f"/api/hub/v1/contacts/{contact.id}/fields/Город",
        json={"value": "Тверь"},
        headers=org.auth,
    )
    listed = data(await call(client, "getContactVariables", org.token, {"contact_id": contact.id}))
    assert [(v["name"], v["value"]) for v in listed] == [("Город", "Тверь")]

    await call(
        client, "deleteContactVariable", org.token, {"contact_id": contact.id, "name": "Город"}
    )
    native = await client.get(f"/api/hub/v1/contacts/{contact.id}/fields", headers=org.auth)
    assert native.json() == []


async def test_bad_variable_input(client: Client, org: Org) -> None:
    contact = await make_contact(org)
    assert invalid(await call(client, "setContactVariable", org.token, {})) == {
        "contact_id": ["Поле contact id обязательно для заполнения."],
        "name": ["Поле name обязательно для заполнения, когда id не указано."],
        "value": ["Поле value обязательно для заполнения."],
    }
    assert invalid(
        await call(
            client,
            "setContactVariable",
            org.token,
            {"contact_id": "abc", "name": "x" * 256, "value": "v", "deletable": "maybe"},
        )
    ) == {
        "contact_id": ["Значение поля contact id должно быть целым числом."],
        "name": ["Количество символов в поле name не может превышать 255."],
        "deletable": ["Значение поля deletable должно быть логического типа."],
    }
    assert invalid(await call(client, "getContactVariables", org.token, {})) == {
        "contact_id": ["Поле contact id обязательно для заполнения."]
    }
    assert invalid(
        await call(client, "deleteContactVariable", org.token, {"contact_id": contact.id})
    ) == {"name": ["Поле name обязательно для заполнения, когда id не указано."]}
    missing = await call(
        client, "setContactVariable", org.token, {"contact_id": 999, "name": "a", "value": "b"}
    )
    assert missing.status_code == 404
    unknown_id = await call(
        client, "setContactVariable", org.token, {"contact_id": contact.id, "id": 999, "value": "b"}
    )
    assert unknown_id.status_code == 404
