"""The request journal: what each organization's clients sent, redacted, bounded, newest first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.control.journal import Journal
from contacthub.core.scope import Hub
from tests.conftest import serving
from tests.control.conftest import ADMIN, ADMIN_TOKEN, CONTACT, bearer, new_org

H = "/api/hub/v1"


async def journal(client: httpx.AsyncClient, org: Any, **filters: Any) -> list[dict[str, Any]]:
    path = "/_contacthub/requests" if org is None else f"/_contacthub/orgs/{org['id']}/requests"
    answer = await client.get(path, params=filters, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def base_of(client: httpx.AsyncClient, org: Any) -> int:
    made = await client.post(f"{H}/bases", json={"name": "B"}, headers=bearer(org))
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


async def test_an_obzvonilka_create_is_journaled_redacted(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    base = await base_of(admin_client, org)
    answer = await admin_client.post(
        f"/api/contact_bases/{base}/contacts.json",
        params={"api_key": org["api_token"]},
        data={"contact[name]": "Иван", "contact[phone1]": "79161234567"},
    )
    assert answer.status_code == 201, answer.text
    [entry, native] = await journal(admin_client, org)
    assert native["path"] == f"{H}/bases"
    assert entry["dialect"] == "obzvonilka"
    assert entry["method"] == "POST"
    assert entry["path"] == f"/api/contact_bases/{base}/contacts.json"
    assert entry["query"] == "api_key=%5Bredacted%5D"
    assert "contact%5Bname%5D=%D0%98%D0%B2%D0%B0%D0%BD" in entry["body"]
    assert entry["status"] == 201
    assert entry["response"] == answer.text
    assert entry["id"] > native["id"]
    assert str(org["api_token"]) not in str(entry)


async def test_a_hot_get_is_journaled(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    made = await admin_client.post(
        f"{H}/contacts",
        json=CONTACT,
        headers=bearer(org),
    )
    path = f"{H}/contacts/{made.json()['id']}"
    got = await admin_client.get(path, headers=bearer(org))
    assert got.status_code == 200
    [entry, _] = await journal(admin_client, org)
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", path, 200)
    assert entry["headers"]["authorization"] == "[redacted]"
    assert entry["response"] == got.text


def test_a_hot_get_is_journaled_by_the_real_server(admin_settings: Settings) -> None:
    """Through uvicorn and the server's own protocol, whose answers-at-once shortcut would
    answer a hot GET before any middleware: with the control plane on, it is off."""
    with serving(create_app(admin_settings)) as url, httpx.Client(base_url=url) as http:
        org = http.post("/_contacthub/orgs", json={"name": "A"}, headers=ADMIN).json()
        made = http.post(
            f"{H}/contacts", json=CONTACT,
            headers=bearer(org),
        )  # fmt: skip
        path = f"{H}/contacts/{made.json()['id']}"
        for _ in range(3):
            assert http.get(path, headers=bearer(org)).status_code == 200
        found = http.get(
            f"/_contacthub/orgs/{org['id']}/requests", params={"method": "GET"}, headers=ADMIN
        ).json()["items"]
        assert [entry["path"] for entry in found] == [path] * 3
        http.delete(f"/_contacthub/orgs/{org['id']}", headers=ADMIN)


async def test_filters_and_order(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    headers = bearer(org)
    await admin_client.get(f"{H}/tags", headers=headers)
    await admin_client.get(f"{H}/contacts/999", headers=headers)
    await admin_client.get("/api/v1/getMe", params={"api_token": org["api_token"]})
    everything = await journal(admin_client, org)
    assert [entry["path"] for entry in everything] == [
        "/api/v1/getMe", f"{H}/contacts/999", f"{H}/tags"
    ]  # fmt: skip
    assert [e["dialect"] for e in everything] == ["watbot", "native", "native"]
    assert [e["path"] for e in await journal(admin_client, org, dialect="watbot")] == [
        "/api/v1/getMe"
    ]
    assert len(await journal(admin_client, org, path=f"{H}/")) == 2
    assert len(await journal(admin_client, org, status=404)) == 1
    assert len(await journal(admin_client, org, method="get")) == 3
    assert len(await journal(admin_client, org, method="POST")) == 0
    assert len(await journal(admin_client, org, since=everything[0]["at"])) >= 1
    assert len(await journal(admin_client, org, limit=1)) == 1
    bad = await admin_client.get(
        f"/_contacthub/orgs/{org['id']}/requests", params={"status": "x"}, headers=ADMIN
    )
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


async def test_organizations_do_not_share_a_journal(admin_client: httpx.AsyncClient) -> None:
    mine = await new_org(admin_client)
    theirs = await new_org(admin_client, "Other")
    await admin_client.get(f"{H}/tags", headers=bearer(mine))
    assert await journal(admin_client, theirs) == []
    assert len(await journal(admin_client, mine)) == 1


async def test_requests_of_no_organization(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    await admin_client.get(f"{H}/tags", headers={"Authorization": "Bearer chk_unknown-token-x"})
    await admin_client.get("/api/v1/getMe")
    unowned = await journal(admin_client, None)
    assert [(e["path"], e["status"]) for e in unowned] == [
        ("/api/v1/getMe", 401), (f"{H}/tags", 401)
    ]  # fmt: skip
    assert await journal(admin_client, org) == []
    cleared = await admin_client.delete("/_contacthub/requests", headers=ADMIN)
    assert cleared.status_code == 204
    assert await journal(admin_client, None) == []


async def test_logins_are_redacted(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    user = {"users": [{"email": "op@example.com", "password": "operator-pass"}]}
    await admin_client.post(f"/_contacthub/orgs/{org['id']}/seed", json=user, headers=ADMIN)
    login = await admin_client.post(
        "/api/v1/auth/login", json={"email": "op@example.com", "password": "operator-pass"}
    )
    assert login.status_code == 200
    access, refresh = login.json()["token"], login.json()["refreshToken"]
    await admin_client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {access}"})
    [me] = await journal(admin_client, org)  # the JWT names the organization
    assert me["path"] == "/api/v1/users/me"
    [logged_in] = await journal(admin_client, None)
    assert "operator-pass" not in str(logged_in)
    for secret in (access, refresh):
        assert secret not in str(logged_in)
        assert secret not in str(me)
    assert '"token":"[redacted]"' in logged_in["response"]
    assert '"password":"[redacted]"' in logged_in["body"]


async def test_clear_and_reset_empty_the_journal(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    await admin_client.get(f"{H}/tags", headers=bearer(org))
    cleared = await admin_client.delete(f"/_contacthub/orgs/{org['id']}/requests", headers=ADMIN)
    assert cleared.status_code == 204
    assert await journal(admin_client, org) == []
    await admin_client.get(f"{H}/tags", headers=bearer(org))
    await admin_client.post(f"/_contacthub/orgs/{org['id']}/reset", headers=ADMIN)
    assert await journal(admin_client, org) == []


@pytest.mark.parametrize("backend_only", ["sqlite"])
async def test_bounded_per_organization_and_body_cap(
    settings: Settings, hub: Hub, backend: str, backend_only: str
) -> None:
    if backend != backend_only:
        pytest.skip("memory, not the database, is measured")
    app = create_app(settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)}), hub=hub)
    control = app.state["control"]
    control.journal = Journal(per_org=20, body_cap=100)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        org = await new_org(client)
        for number in range(60):
            await client.post(
                f"{H}/tags", json={"name": f"tag {number:03d} " + "x" * 500}, headers=bearer(org)
            )
        kept = await journal(client, org, limit=1000)
    assert len(kept) == 20 == control.journal.size()
    assert "tag 059" in kept[0]["body"]
    assert all(len(entry["body"]) < 200 for entry in kept)
    assert kept[0]["body"].endswith("characters in all]")
