"""Roles through Plusofon: a member's login token edits lists but may not delete one (403)."""

from __future__ import annotations

from httpx import AsyncClient as Client

from contacthub.core import lists
from contacthub.core.scope import Hub
from tests.dialects.plusofon.support import URL, headers
from tests.dialects.plusofon.test_login import _client_headers, log_in
from tests.factories import Org, make_list, make_user

FORBIDDEN = {"success": False, "message": "Недостаточно прав"}


async def _login_headers(client: Client, org: Org, email: str, *, admin: bool) -> dict[str, str]:
    await make_user(org, email, "correct horse battery", admin=admin)
    body = await log_in(client, email)
    assert body["user"]["role"]["name"] == ("admin" if admin else "user")  # type: ignore[index]
    return _client_headers(body["token"])


async def test_a_member_creates_and_replaces_lists_but_cannot_delete_one(
    client: Client, hub: Hub, org: Org
) -> None:
    member = await _login_headers(client, org, "member@example.com", admin=False)
    created = await client.post(
        URL,
        json={
            "name": "Стоп",
            "type": "black",
            "contacts": [{"name": "Иван", "phones": ["79161111111"]}],
        },
        headers=member,
    )
    assert created.status_code == 201, created.text
    list_url = created.headers["Location"].removeprefix("http://contacthub.test")
    replaced = await client.put(
        list_url, json={"name": "Стоп-лист", "type": "black"}, headers=member
    )
    assert replaced.status_code == 200, replaced.text

    refused = await client.delete(list_url, headers=member)
    assert refused.status_code == 403
    assert refused.json() == FORBIDDEN
    async with hub.reading(org.id) as s:
        assert [found.name for found in await lists.list_lists(s)] == ["Стоп-лист"]
    # Nor does the 403 tell whether a list exists.
    unknown = await client.delete(f"{URL}/999", headers=member)
    assert (unknown.status_code, unknown.json()) == (403, FORBIDDEN)


async def test_an_administrators_login_token_and_the_api_token_delete_lists(
    client: Client, hub: Hub, org: Org
) -> None:
    admin = await _login_headers(client, org, "admin@example.com", admin=True)
    first = await make_list(org, "Первый")
    second = await make_list(org, "Второй")
    assert (await client.delete(f"{URL}/{first.id}", headers=admin)).status_code == 200
    assert (await client.delete(f"{URL}/{second.id}", headers=headers(org))).status_code == 200
    async with hub.reading(org.id) as s:
        assert await lists.list_lists(s) == []
