"""One store behind four APIs: what one vendor's client writes, the others read.

Watbot variable  ==  TWIN client attribute  ==  native custom field
Watbot tag       ==  native tag
Obzvonilka contact in a base  ==  native contact  ==  Watbot contact  ==  TWIN client
"""

from __future__ import annotations

from httpx import AsyncClient

from tests.factories import Org, make_base, make_contact, make_user

NATIVE = "/api/hub/v1"


async def twin_token(client: AsyncClient, org: Org) -> dict[str, str]:
    # An administrator: deleting an attribute (a field, on every client) needs one.
    user = await make_user(org, password="correct horse battery", admin=True)
    login = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "correct horse battery"}
    )
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['token']}"}


async def test_a_watbot_variable_is_the_twin_attribute_and_the_native_field(
    client: AsyncClient, org: Org
) -> None:
    contact = await make_contact(org, "Иван")
    bearer = await twin_token(client, org)
    set_here = await client.post(
        "/api/v1/setContactVariable",
        params={
            "api_token": org.token,
            "contact_id": contact.id,
            "name": "Город",
            "value": "Москва",
        },
    )
    assert set_here.status_code == 200, set_here.text

    attributes = (await client.get("/api/v1/clients/attributes", headers=bearer)).json()
    assert [item["name"] for item in attributes["items"]] == ["Город"]
    attribute_id = attributes["items"][0]["id"]
    values = (await client.get(f"/api/v1/clients/{contact.uuid}/attributes", headers=bearer)).json()
    assert values["items"][0]["value"] == "Москва"
    assert values["items"][0]["companyId"] == org.id

    # TWIN changes the value; Watbot and the native API read the change.
    changed = await client.post(
        f"/api/v1/clients/{contact.uuid}/attributes/{attribute_id}",
        json={"value": "Тверь"},
        headers=bearer,
    )
    assert changed.status_code == 200
    watbot = await client.get(
        "/api/v1/getContactVariables", params={"api_token": org.token, "contact_id": contact.id}
    )
    assert [(v["name"], v["value"]) for v in watbot.json()["data"]] == [("Город", "Тверь")]
    native = (await client.get(f"{NATIVE}/contacts/{contact.id}", headers=org.auth)).json()
    assert native["fields"] == {"Город": "Тверь"}

    # Deleting the TWIN attribute removes the variable everywhere.
    deleted = await client.delete(f"/api/v1/clients/attributes/{attribute_id}", headers=bearer)
    assert deleted.status_code == 200
    watbot = await client.get(
        "/api/v1/getContactVariables", params={"api_token": org.token, "contact_id": contact.id}
    )
    assert watbot.json()["data"] == []
    assert (await client.get(f"{NATIVE}/fields", headers=org.auth)).json()["items"] == []


async def test_a_twin_attribute_is_a_watbot_variable(client: AsyncClient, org: Org) -> None:
    contact = await make_contact(org)
    bearer = await twin_token(client, org)
    created = await client.post(
        "/api/v1/clients/attributes", json={"name": "Возраст"}, headers=bearer
    )
    attribute_id = created.json()["id"]
    await client.post(
        f"/api/v1/clients/{contact.uuid}/attributes/{attribute_id}",
        json={"value": "42"},
        headers=bearer,
    )
    watbot = await client.get(
        "/api/v1/getContactVariables", params={"api_token": org.token, "contact_id": contact.id}
    )
    assert [(v["name"], v["value"]) for v in watbot.json()["data"]] == [("Возраст", "42")]


async def test_a_watbot_tag_is_a_native_tag(client: AsyncClient, org: Org) -> None:
    contact = await make_contact(org)
    attached = await client.post(
        "/api/v1/attachTagToContact",
        data={"api_token": org.token, "contact_id": str(contact.id), "name": "Горячий"},
    )
    assert attached.status_code == 200, attached.text
    tags = (await client.get(f"{NATIVE}/contacts/{contact.id}/tags", headers=org.auth)).json()
    assert [t["name"] for t in tags] == ["Горячий"]
    listed = (await client.get(f"{NATIVE}/contacts?tag=Горячий", headers=org.auth)).json()
    assert [c["id"] for c in listed["items"]] == [contact.id]


async def test_a_dialer_contact_is_everyones_contact(client: AsyncClient, org: Org) -> None:
    base = await make_base(org, "Обзвон")
    created = await client.post(
        f"/api/contact_bases/{base.id}/contacts.json",
        params={"api_key": org.token},
        data={"contact[name]": "Лапшина Ирина", "contact[phone1]": "8 999 888-77-66"},
    )
    assert created.status_code == 201, created.text
    contact_id = created.json()["id"]

    native = (await client.get(f"{NATIVE}/contacts/{contact_id}", headers=org.auth)).json()
    assert native["base_id"] == base.id
    assert native["phones"][0]["e164"] == "+79998887766"

    watbot = await client.get("/api/v1/getContacts", params={"api_token": org.token})
    assert [(c["id"], c["phone"]) for c in watbot.json()["data"]] == [(contact_id, "79998887766")]

    bearer = await twin_token(client, org)
    twin = await client.get(f"/api/v1/clients/{native['uuid']}/attributes", headers=bearer)
    assert twin.status_code == 200
    assert twin.json()["count"] == 0
