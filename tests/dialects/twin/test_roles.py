"""Roles through TWIN: a member's JWT works the attributes but may not delete one (403)."""

from __future__ import annotations

from httpx import AsyncClient as Client

from contacthub.core import fields, users
from contacthub.core.scope import Hub
from tests.dialects.twin.conftest import Operator
from tests.dialects.twin.test_attributes import ATTRIBUTES, create, names, values_url
from tests.factories import make_contact

FORBIDDEN = {"error": "Only an administrator may delete custom fields."}


async def test_a_member_works_attributes_and_values_but_cannot_delete_an_attribute(
    client: Client, hub: Hub, operator: Operator
) -> None:
    assert operator.user.is_admin is False
    contact = await make_contact(operator.org, "Иван")
    city = await create(client, operator, "Город")
    renamed = await client.patch(
        f"{ATTRIBUTES}/{city}", json={"name": "Город клиента"}, headers=operator.auth
    )
    assert renamed.status_code == 200
    url = values_url(contact.uuid, city)
    assert (
        await client.post(url, json={"value": "Тверь"}, headers=operator.auth)
    ).status_code == 200
    assert (await client.delete(url, headers=operator.auth)).status_code == 200

    refused = await client.delete(f"{ATTRIBUTES}/{city}", headers=operator.auth)
    assert refused.status_code == 403
    assert refused.json() == FORBIDDEN
    assert await names(hub, operator.org.id) == ["Город клиента"]


async def test_the_403_does_not_tell_a_member_whether_the_attribute_exists(
    client: Client, operator: Operator
) -> None:
    unknown = await client.delete(
        f"{ATTRIBUTES}/00000000-0000-7000-8000-000000000000", headers=operator.auth
    )
    assert unknown.status_code == 403
    assert unknown.json() == FORBIDDEN


async def test_an_administrators_jwt_and_the_api_token_delete_attributes(
    client: Client, hub: Hub, operator: Operator, admin: Operator
) -> None:
    first = await create(client, operator, "Город")
    second = await create(client, operator, "Возраст")
    assert (await client.delete(f"{ATTRIBUTES}/{first}", headers=admin.auth)).status_code == 200
    by_token = await client.delete(f"{ATTRIBUTES}/{second}", headers=operator.org.auth)
    assert by_token.status_code == 200
    async with hub.reading(operator.org.id) as s:
        assert await fields.list_fields(s) == []


async def test_the_role_is_read_at_each_request(
    client: Client, hub: Hub, operator: Operator
) -> None:
    city = await create(client, operator, "Город")
    async with hub.writing(operator.org.id) as s:
        await users.update_user(s, operator.user.id, users.UserDraft(is_admin=True))
    promoted = await client.delete(f"{ATTRIBUTES}/{city}", headers=operator.auth)
    assert promoted.status_code == 200, promoted.text

    again = await create(client, operator, "Город")
    async with hub.writing(operator.org.id) as s:
        await users.update_user(s, operator.user.id, users.UserDraft(is_admin=False))
    demoted = await client.delete(f"{ATTRIBUTES}/{again}", headers=operator.auth)
    assert demoted.status_code == 403
