"""GET /api/users.json and /api/users/{id}.json; only the key's organization; no writes."""

from __future__ import annotations

import pytest
from httpx import AsyncClient as Client

from tests.dialects.obzvonilka.support import NOT_FOUND, header, key
from tests.factories import Org, make_user


async def test_list_is_a_bare_array_of_the_organizations_users(
    client: Client, org: Org, other_org: Org
) -> None:
    await make_user(org, "Admin@Example.com", name="Иванов Иван", admin=True)
    await make_user(other_org, "stranger@example.com")
    await make_user(org, "blocked@example.com", name="Петров", enabled=False)

    answer = await client.get("/api/users.json", params=key(org))

    assert answer.status_code == 200
    assert answer.json() == [
        {
            "id": 1,
            "account_enabled": True,
            "email": "admin@example.com",
            "name": "Иванов Иван",
            "admin": True,
        },
        {
            "id": 3,
            "account_enabled": False,
            "email": "blocked@example.com",
            "name": "Петров",
            "admin": False,
        },
    ]
    other = await client.get("/api/users.json", headers=header(other_org))
    assert [user["email"] for user in other.json()] == ["stranger@example.com"]


async def test_no_users_is_an_empty_array(client: Client, org: Org) -> None:
    answer = await client.get("/api/users", params=key(org))
    assert answer.status_code == 200
    assert answer.json() == []


@pytest.mark.parametrize("path", ["/api/users/1.json", "/api/users/1"])
async def test_show_one_user(client: Client, org: Org, path: str) -> None:
    await make_user(org, "op@example.com", name="Оператор")
    answer = await client.get(path, headers=header(org))
    assert answer.status_code == 200
    assert answer.json() == {
        "id": 1,
        "account_enabled": True,
        "email": "op@example.com",
        "name": "Оператор",
        "admin": False,
    }


@pytest.mark.parametrize("segment", ["2.json", "me.json", "1.json.json", "123456789012345678901"])
async def test_an_unknown_user_is_a_rails_404(client: Client, org: Org, segment: str) -> None:
    await make_user(org)
    answer = await client.get(f"/api/users/{segment}", params=key(org))
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/users.json"),
        ("PATCH", "/api/users/1.json"),
        ("PUT", "/api/users/1.json"),
        ("DELETE", "/api/users/1.json"),
    ],
)
async def test_changing_users_is_an_unknown_route_and_changes_nothing(
    client: Client, org: Org, method: str, path: str
) -> None:
    await make_user(org, "op@example.com", name="Оператор")
    answer = await client.request(
        method,
        path,
        params=key(org),
        data={"user[email]": "new@example.com", "user[name]": "X", "user[admin]": "true"},
    )
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND
    users = (await client.get("/api/users.json", params=key(org))).json()
    assert [(u["email"], u["name"], u["admin"]) for u in users] == [
        ("op@example.com", "Оператор", False)
    ]
