"""Roles, the native API's part: an API token (an administrator) makes a member, whose TWIN and
Plusofon logins may not delete, until the token makes them an administrator; the native API
itself takes API tokens only."""

from __future__ import annotations

from httpx import AsyncClient

from tests.dialects.plusofon.support import URL as LISTS
from tests.dialects.plusofon.test_login import _client_headers
from tests.factories import Org, make_list

API = "/api/hub/v1"
PASSWORD = "correct horse battery"


async def _logins(client: AsyncClient, email: str) -> tuple[dict[str, str], dict[str, str]]:
    """The TWIN and the Plusofon headers of the user's two logins."""
    twin = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    plusofon = await client.post(
        "/api/v1/login", json={"email": email, "password": PASSWORD}, headers=_client_headers()
    )
    assert twin.status_code == plusofon.status_code == 200, (twin.text, plusofon.text)
    return (
        {"Authorization": f"Bearer {twin.json()['token']}"},
        _client_headers(plusofon.json()["token"]),
    )


async def test_an_api_token_makes_a_member_and_then_an_administrator(
    client: AsyncClient, org: Org
) -> None:
    made = await client.post(
        f"{API}/users", json={"email": "op@example.com", "password": PASSWORD}, headers=org.auth
    )
    assert made.status_code == 201, made.text
    assert made.json()["is_admin"] is False
    user_id = made.json()["id"]
    field = await client.post(f"{API}/fields", json={"name": "Город"}, headers=org.auth)
    stop = await make_list(org, "Стоп")
    twin, plusofon = await _logins(client, "op@example.com")

    attribute = f"/api/v1/clients/attributes/{field.json()['uuid']}"
    assert (await client.delete(attribute, headers=twin)).status_code == 403
    assert (await client.delete(f"{LISTS}/{stop.id}", headers=plusofon)).status_code == 403
    # A login token is no key to the native API (nor, so, to its users and tokens).
    for path in ("/users", "/tokens", "/contacts"):
        refused = await client.get(f"{API}{path}", headers=twin)
        assert refused.status_code == 401, path
        assert refused.headers["content-type"] == "application/problem+json"

    promoted = await client.patch(
        f"{API}/users/{user_id}", json={"is_admin": True}, headers=org.auth
    )
    assert promoted.json()["is_admin"] is True
    # The same sessions, now an administrator's.
    assert (await client.delete(attribute, headers=twin)).status_code == 200
    assert (await client.delete(f"{LISTS}/{stop.id}", headers=plusofon)).status_code == 200
    assert (await client.get(f"{API}/fields", headers=org.auth)).json()["items"] == []
