"""Users, API tokens and the organization: who may call, and what they see."""

from __future__ import annotations

from httpx import AsyncClient

from contacthub.core.scope import Hub
from tests.factories import Org, make_token
from tests.support import TestClock

API = "/api/hub/v1"


async def test_missing_bad_and_revoked_tokens_are_refused(client: AsyncClient, org: Org) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": f"Basic {org.token}"},
        {"Authorization": "Bearer "},
    ):
        answer = await client.get(f"{API}/contacts", headers=headers)
        assert answer.status_code == 401, headers
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.json()["code"] == "unauthorized"

    second = await make_token(org)
    tokens = (await client.get(f"{API}/tokens", headers=org.auth)).json()["items"]
    second_id = next(t["id"] for t in tokens if t["label"] == "second")
    revoked = await client.delete(f"{API}/tokens/{second_id}", headers=org.auth)
    assert revoked.status_code == 204
    refused = await client.get(f"{API}/contacts", headers={"Authorization": f"Bearer {second}"})
    assert refused.status_code == 401
    assert (await client.get(f"{API}/contacts", headers=org.auth)).status_code == 200


async def test_tokens_show_their_secret_once(client: AsyncClient, org: Org) -> None:
    created = await client.post(f"{API}/tokens", json={"label": "ci"}, headers=org.auth)
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("chk_")
    assert created.json()["prefix"] == secret[:12]
    listed = (await client.get(f"{API}/tokens", headers=org.auth)).json()["items"]
    assert all("secret" not in token for token in listed)
    assert secret not in (await client.get(f"{API}/tokens", headers=org.auth)).text
    works = await client.get(f"{API}/organization", headers={"Authorization": f"Bearer {secret}"})
    assert works.json()["name"] == "Acme"


async def test_last_used_is_recorded_at_most_once_a_minute(
    client: AsyncClient, org: Org, clock: TestClock, hub: Hub
) -> None:
    clock.freeze()
    await client.get(f"{API}/organization", headers=org.auth)
    first = (await client.get(f"{API}/tokens", headers=org.auth)).json()["items"][0]
    assert first["last_used_at"] is not None
    clock.advance(seconds=30)
    await client.get(f"{API}/organization", headers=org.auth)
    same = (await client.get(f"{API}/tokens", headers=org.auth)).json()["items"][0]
    assert same["last_used_at"] == first["last_used_at"]
    clock.advance(seconds=31)
    await client.get(f"{API}/organization", headers=org.auth)
    later = (await client.get(f"{API}/tokens", headers=org.auth)).json()["items"][0]
    assert later["last_used_at"] > first["last_used_at"]


async def test_users_crud_never_shows_passwords(client: AsyncClient, org: Org) -> None:
    body = {"email": "Operator@Example.com", "password": "long enough", "name": "Оператор"}
    created = await client.post(f"{API}/users", json=body, headers=org.auth)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "operator@example.com"
    assert user["account_enabled"] is True
    assert "password" not in created.text
    assert "long enough" not in created.text

    taken = await client.post(f"{API}/users", json=body, headers=org.auth)
    assert taken.status_code == 409
    assert taken.json()["code"] == "email_taken"
    short = await client.post(
        f"{API}/users", json={"email": "x@example.com", "password": "short"}, headers=org.auth
    )
    assert short.status_code == 422
    assert "password" in short.json()["errors"]

    patched = await client.patch(
        f"{API}/users/{user['id']}",
        json={"account_enabled": False, "is_admin": True},
        headers=org.auth,
    )
    assert patched.json()["account_enabled"] is False
    assert patched.json()["is_admin"] is True
    assert (await client.delete(f"{API}/users/{user['id']}", headers=org.auth)).status_code == 204
    assert (await client.get(f"{API}/users/{user['id']}", headers=org.auth)).status_code == 404


async def test_organization(client: AsyncClient, org: Org) -> None:
    answer = (await client.get(f"{API}/organization", headers=org.auth)).json()
    assert answer["id"] == org.id
    assert answer["name"] == "Acme"


async def test_an_e_mail_taken_in_another_organization_tells_nothing(
    client: AsyncClient, org: Org, other_org: Org
) -> None:
    # Was 409 email_taken: one organization learned that an address had an account elsewhere.
    body = {"email": "anna@example.com", "password": "long enough"}
    assert (await client.post(f"{API}/users", json=body, headers=other_org.auth)).status_code == 201
    created = await client.post(f"{API}/users", json=body, headers=org.auth)
    assert created.status_code == 201, created.text
    other = await client.post(
        f"{API}/users",
        json={"email": "boris@example.com", "password": "long enough"},
        headers=org.auth,
    )
    renamed = await client.patch(
        f"{API}/users/{other.json()['id']}", json={"email": "anna@example.com"}, headers=org.auth
    )
    assert renamed.status_code == 409  # taken in this organization: that is its own business
    elsewhere = await client.post(
        f"{API}/users",
        json={"email": "carl@example.com", "password": "long enough"},
        headers=other_org.auth,
    )
    assert elsewhere.status_code == 201
    moved = await client.patch(
        f"{API}/users/{other.json()['id']}", json={"email": "carl@example.com"}, headers=org.auth
    )
    assert moved.status_code == 200
