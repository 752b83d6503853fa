"""Faults: a matching request waits, then fails in its own dialect's envelope, or is dropped."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from contacthub.app import create_app
from contacthub.config import Settings
from tests.conftest import serving
from tests.control.conftest import ADMIN, CONTACT, bearer, new_org
from tests.control.test_journal import base_of, journal

H = "/api/hub/v1"


async def fault(client: httpx.AsyncClient, org: Any, **rule: Any) -> dict[str, Any]:
    answer = await client.post(f"/_contacthub/orgs/{org['id']}/faults", json=rule, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    made: dict[str, Any] = answer.json()
    return made


async def test_a_watbot_fault_in_laravels_shape(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    made = await fault(admin_client, org, dialect="watbot", path="/api/v1/getContacts", status=500)
    assert made["id"] >= 1
    assert made["status"] == 500
    assert made["times"] is None
    answer = await admin_client.get("/api/v1/getContacts", params={"api_token": org["api_token"]})
    assert answer.status_code == 500
    assert answer.json() == {"message": "Server Error"}
    # Another method of the same dialect is not matched; nor is another organization.
    assert (
        await admin_client.get("/api/v1/getMe", params={"api_token": org["api_token"]})
    ).status_code == 200
    other = await new_org(admin_client, "Other")
    assert (
        await admin_client.get("/api/v1/getContacts", params={"api_token": other["api_token"]})
    ).status_code == 200
    [entry, *_] = await journal(admin_client, org, path="/api/v1/getContacts")
    assert entry["status"] == 500
    assert entry["fault"] == f"fault {made['id']}"


@pytest.mark.parametrize(
    ("dialect", "status", "expected"),
    [
        ("watbot", 429, {"message": "Too Many Attempts."}),
        ("watbot", 401, {"message": "Unauthenticated."}),
        ("obzvonilka", 500, {"status": 500, "error": "Internal Server Error"}),
        ("obzvonilka", 404, None),
        ("twin", 503, None),
        ("plusofon", 500, None),
        ("native", 502, None),
    ],
)
async def test_each_dialect_answers_in_its_own_envelope(
    admin_client: httpx.AsyncClient, dialect: str, status: int, expected: Any
) -> None:
    org = await new_org(admin_client)
    token = str(org["api_token"])
    await fault(admin_client, org, dialect=dialect, status=status)
    if dialect == "watbot":
        answer = await admin_client.get("/api/v1/getMe", params={"api_token": token})
    elif dialect == "obzvonilka":
        answer = await admin_client.get("/api/contact_bases.json", params={"api_key": token})
    elif dialect == "twin":
        answer = await admin_client.get("/api/v1/users/me", headers=bearer(org))
    elif dialect == "plusofon":
        answer = await admin_client.get(
            "/api/v1/contact-lists", headers={**bearer(org), "Client": "10553"}
        )
    else:
        answer = await admin_client.get(f"{H}/tags", headers=bearer(org))
    assert answer.status_code == status, answer.text
    body = answer.json()
    if expected is not None:
        assert body == expected
    shapes = {
        "watbot": {"message"},
        "obzvonilka": {"status", "error"},
        "twin": {"error"},
        "plusofon": {"success", "message"},
        "native": {"type", "title", "status", "detail", "code"},
    }
    assert shapes[dialect] <= set(body), body
    if dialect == "native":
        assert answer.headers["content-type"] == "application/problem+json"
    if dialect == "plusofon":
        assert body["success"] is False
    if status == 429:
        assert answer.headers["retry-after"] == "1"


async def test_a_hot_get_obeys_a_fault(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    made = await admin_client.post(
        f"{H}/contacts",
        json=CONTACT,
        headers=bearer(org),
    )
    path = f"{H}/contacts/{made.json()['id']}"
    await fault(admin_client, org, method="GET", path=path, status=503, times=2)
    answers = [(await admin_client.get(path, headers=bearer(org))).status_code for _ in range(3)]
    assert answers == [503, 503, 200]
    listed = await admin_client.get(f"/_contacthub/orgs/{org['id']}/faults", headers=ADMIN)
    assert listed.json() == []  # spent


async def test_an_obzvonilka_hot_write_obeys_a_fault(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    base = await base_of(admin_client, org)
    await fault(admin_client, org, dialect="obzvonilka", method="POST", status=422, times=1)
    url = f"/api/contact_bases/{base}/contacts.json"
    form = {
        "api_key": str(org["api_token"]),
        "contact[name]": "A",
        "contact[phone1]": "79161234567",
    }
    refused = await admin_client.post(url, data=form)
    assert refused.status_code == 422
    assert (await admin_client.get(f"{H}/contacts", headers=bearer(org))).json()["items"] == []
    assert (await admin_client.post(url, data=form)).status_code == 201


async def test_probability_is_repeatable(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    runs = []
    for _ in range(2):
        made = await fault(admin_client, org, status=500, probability=0.5, seed=7)
        runs.append(
            [
                (await admin_client.get(f"{H}/tags", headers=bearer(org))).status_code
                for _ in range(20)
            ]
        )
        gone = await admin_client.delete(
            f"/_contacthub/orgs/{org['id']}/faults/{made['id']}", headers=ADMIN
        )
        assert gone.status_code == 204
    assert runs[0] == runs[1]
    assert 3 <= runs[0].count(500) <= 17


async def test_delay_then_the_real_answer(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    await fault(admin_client, org, delay_ms=300, times=1)
    started = time.monotonic()
    answer = await admin_client.get(f"{H}/tags", headers=bearer(org))
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_drop_closes_the_connection(admin_settings: Settings) -> None:
    with serving(create_app(admin_settings)) as url, httpx.Client(base_url=url) as http:
        org = http.post("/_contacthub/orgs", json={"name": "A"}, headers=ADMIN).json()
        http.post(
            f"/_contacthub/orgs/{org['id']}/faults", json={"drop": True, "times": 1}, headers=ADMIN
        )
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(f"{H}/tags", headers=bearer(org))
        assert http.get(f"{H}/tags", headers=bearer(org)).status_code == 200
        http.delete(f"/_contacthub/orgs/{org['id']}", headers=ADMIN)


@pytest.mark.parametrize(
    "rule",
    [
        {},
        {"status": 200},
        {"status": 599},
        {"status": 500, "delay_ms": -1},
        {"status": 500, "delay_ms": 60_001},
        {"status": 500, "times": 0},
        {"status": 500, "probability": 1.5},
        {"status": 500, "path": "api"},
        {"status": 500, "dialect": "acme"},
        {"status": 500, "method": "BREW"},
        {"status": 500, "unknown": 1},
    ],
)
async def test_bad_rules_are_refused(admin_client: httpx.AsyncClient, rule: Any) -> None:
    org = await new_org(admin_client)
    answer = await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/faults", json=rule, headers=ADMIN
    )
    assert answer.status_code in (400, 422), answer.text
    assert answer.headers["content-type"] == "application/problem+json"


async def test_list_and_remove(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    first = await fault(admin_client, org, status=500, path="/nowhere")
    await fault(admin_client, org, status=502, path="/nowhere")
    url = f"/_contacthub/orgs/{org['id']}/faults"
    assert [f["status"] for f in (await admin_client.get(url, headers=ADMIN)).json()] == [500, 502]
    assert (await admin_client.delete(f"{url}/{first['id']}", headers=ADMIN)).status_code == 204
    assert (await admin_client.delete(f"{url}/{first['id']}", headers=ADMIN)).status_code == 404
    other = await new_org(admin_client, "Other")
    theirs = f"/_contacthub/orgs/{other['id']}/faults"
    listed = (await admin_client.get(url, headers=ADMIN)).json()
    assert (
        await admin_client.delete(f"{theirs}/{listed[0]['id']}", headers=ADMIN)
    ).status_code == 404
    assert (await admin_client.delete(url, headers=ADMIN)).status_code == 204
    assert (await admin_client.get(url, headers=ADMIN)).json() == []
    await fault(admin_client, org, status=500)
    await admin_client.post(f"/_contacthub/orgs/{org['id']}/reset", headers=ADMIN)
    assert (await admin_client.get(url, headers=ADMIN)).json() == []
