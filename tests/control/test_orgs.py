"""The control API's organizations: create, delete, reset; the admin token's guard."""

from __future__ import annotations

import httpx
import pytest

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from tests.control.conftest import ADMIN, CONTACT, bearer, new_org
from tests.factories import make_org

H = "/api/hub/v1"


async def test_off_without_an_admin_token(client: httpx.AsyncClient, hub: Hub) -> None:
    org = await make_org(hub)
    for method, path in [
        ("POST", "/_contacthub/orgs"),
        ("GET", "/_contacthub/seed.schema.json"),
        ("GET", f"/_contacthub/orgs/{org.id}/requests"),
        ("DELETE", f"/_contacthub/orgs/{org.id}"),
    ]:
        answer = await client.request(method, path, headers=ADMIN, json={"name": "x"})
        assert answer.status_code == 404, (method, path)
    assert "/_contacthub/orgs" not in (await client.get("/openapi.json")).json()["paths"]


@pytest.mark.parametrize("credential", [None, "Bearer wrong", "token"])
async def test_every_route_needs_the_admin_token(
    admin_client: httpx.AsyncClient, credential: str | None
) -> None:
    headers = {} if credential is None else {"Authorization": credential}
    answer = await admin_client.post("/_contacthub/orgs", json={"name": "x"}, headers=headers)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "unauthorized"


async def test_an_organizations_own_token_opens_no_control_route(
    admin_settings: Settings, hub: Hub, admin_client: httpx.AsyncClient
) -> None:
    """The tenant wall of the control API: every route, walked from the app, refuses an
    organization's own API token (the control API can reach every organization)."""
    org = await new_org(admin_client)
    app = create_app(admin_settings, hub=hub)
    routes = [
        (method, route.path)
        for route in app.routes
        if route.path.startswith("/_contacthub")
        for method in sorted(route.methods)
        if method not in {"HEAD", "OPTIONS"}
    ]
    assert len(routes) == 17
    for method, template in routes:
        path = template.replace("{org_id:int}", str(org["id"])).replace(":int}", "}")
        path = path.replace("{fault_id}", "1").replace("{limit_id}", "1")
        answer = await admin_client.request(method, path, headers=bearer(org), json={"name": "x"})
        assert answer.status_code == 401, (method, path)


async def test_create_answers_a_working_token(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client, "Acme test")
    assert org["name"] == "Acme test"
    assert isinstance(org["id"], int)
    answer = await admin_client.get(f"{H}/organization", headers=bearer(org))
    assert answer.status_code == 200
    assert answer.json()["id"] == org["id"]


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x", "extra": 1}, {"name": 5}])
async def test_create_refuses_bad_input(admin_client: httpx.AsyncClient, body: object) -> None:
    answer = await admin_client.post("/_contacthub/orgs", json=body, headers=ADMIN)
    assert answer.status_code in (400, 422)
    assert answer.headers["content-type"] == "application/problem+json"


async def test_delete_removes_the_organization_and_its_data(
    admin_client: httpx.AsyncClient,
) -> None:
    org = await new_org(admin_client)
    other = await new_org(admin_client, "Other")
    for who in (org, other):
        made = await admin_client.post(
            f"{H}/contacts",
            json=CONTACT,
            headers=bearer(who),
        )
        assert made.status_code == 201, made.text
    answer = await admin_client.delete(f"/_contacthub/orgs/{org['id']}", headers=ADMIN)
    assert answer.status_code == 204
    assert (await admin_client.get(f"{H}/contacts", headers=bearer(org))).status_code == 401
    again = await admin_client.delete(f"/_contacthub/orgs/{org['id']}", headers=ADMIN)
    assert again.status_code == 404
    assert again.json()["code"] == "not_found"
    kept = await admin_client.get(f"{H}/contacts", headers=bearer(other))
    assert len(kept.json()["items"]) == 1


@pytest.mark.parametrize("org_id", ["0", "99999", str(2**63), str(2**70)])
async def test_unknown_ids_are_404(admin_client: httpx.AsyncClient, org_id: str) -> None:
    for method, path in [
        ("DELETE", f"/_contacthub/orgs/{org_id}"),
        ("POST", f"/_contacthub/orgs/{org_id}/reset"),
        ("GET", f"/_contacthub/orgs/{org_id}/requests"),
        ("GET", f"/_contacthub/orgs/{org_id}/faults"),
    ]:
        answer = await admin_client.request(method, path, headers=ADMIN)
        assert answer.status_code in (400, 404), (method, path, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"


async def test_reset_empties_the_data_and_keeps_the_tokens(
    admin_client: httpx.AsyncClient,
) -> None:
    org = await new_org(admin_client)
    other = await new_org(admin_client, "Other")
    for who in (org, other):
        headers = bearer(who)
        made = await admin_client.post(
            f"{H}/contacts",
            json={
                "name": "A",
                "phones": [{"number": "79161234567"}],
                "tags": ["t"],
                "fields": {"f": "v"},
            },
            headers=headers,
        )
        assert made.status_code == 201, made.text
        assert (
            await admin_client.post(f"{H}/bots", json={"name": "B"}, headers=headers)
        ).is_success
        assert (
            await admin_client.post(f"{H}/bases", json={"name": "B"}, headers=headers)
        ).is_success
        user = {"email": "u@example.com", "password": "long-enough-pw", "name": "U"}
        assert (await admin_client.post(f"{H}/users", json=user, headers=headers)).is_success
    answer = await admin_client.post(f"/_contacthub/orgs/{org['id']}/reset", headers=ADMIN)
    assert answer.status_code == 204
    for path in ("contacts", "tags", "fields", "bots", "bases", "lists", "users"):
        mine = await admin_client.get(f"{H}/{path}", headers=bearer(org))
        assert mine.status_code == 200, (path, mine.text)
        assert mine.json()["items"] == [], path
        theirs = await admin_client.get(f"{H}/{path}", headers=bearer(other))
        assert theirs.json()["items"] != [] or path == "lists", path
