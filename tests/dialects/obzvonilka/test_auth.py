"""The api_key: as a GET or POST parameter, the X-API-KEY header or a Bearer (which a production
integration sends), on every endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from httpx import AsyncClient as Client

from contacthub.core import contacts, tokens
from tests.dialects.obzvonilka.support import INVALID_KEY, MISSING_KEY, form
from tests.factories import Org, make_base, make_contact, make_token, make_user


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    status: int = 200
    contact: dict[str, str] = field(default_factory=dict)  # the body of a write
    query: dict[str, str] = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        return self.method != "GET"


CALLS = {
    "list bases": Call("GET", "/api/contact_bases.json"),
    "show base": Call("GET", "/api/contact_bases/1.json"),
    "list contacts": Call("GET", "/api/contact_bases/1/contacts.json"),
    "show contact": Call("GET", "/api/contact_bases/1/contacts/1.json"),
    "find by external": Call("GET", "/api/contact_bases/1/contacts/find_by_external/E1.json"),
    "create contact": Call(
        "POST", "/api/contact_bases/1/contacts.json", 201, {"name": "abc", "phone1": "9876543210"}
    ),
    "patch contact": Call("PATCH", "/api/contact_bases/1/contacts/1.json", 200, {"name": "abcd"}),
    "put contact": Call("PUT", "/api/contact_bases/1/contacts/1.json", 200, {"name": "abcd"}),
    "list users": Call("GET", "/api/users.json"),
    "show user": Call("GET", "/api/users/1.json"),
    "report": Call("GET", "/api/report/contacts", query={"phone": "89991112233"}),
}
# Parameters in a body only travel with a write, as the document's "GET or POST parameter".
TRANSPORTS = ["query", "header", "header-lowercase", "bearer", "form", "multipart", "json"]


def send(call: Call, transport: str, api_key: str | None) -> dict[str, Any]:
    """httpx keyword arguments carrying ``api_key`` (None: no key at all) the given way."""
    query = dict(call.query)
    headers: dict[str, str] = {}
    body: dict[str, str] = form(**call.contact)
    kwargs: dict[str, Any] = {}
    if api_key is not None:
        if transport == "query":
            query["api_key"] = api_key
        elif transport == "header":
            headers["X-API-KEY"] = api_key
        elif transport == "header-lowercase":
            headers["x-api-key"] = api_key
        elif transport == "bearer":
            headers["Authorization"] = f"Bearer {api_key}"
        else:
            body["api_key"] = api_key
    if transport == "json":
        kwargs["json"] = {"contact": call.contact} | (
            {} if api_key is None else {"api_key": api_key}
        )
    elif transport == "multipart" and body:
        kwargs["files"] = {name: (None, value) for name, value in body.items()}
    elif body:
        kwargs["data"] = body
    return {"params": query, "headers": headers, **kwargs}


def cases() -> list[Any]:
    found = []
    for name, call in CALLS.items():
        for transport in TRANSPORTS:
            if transport in ("form", "multipart", "json") and not call.writes:
                continue
            found.append(pytest.param(call, transport, id=f"{name}-{transport}"))
    return found


async def setup_records(org: Org, call: Call) -> None:
    base = await make_base(org)
    await make_contact(org, "Иван", ["89991112233"], base_id=base.id, external_code="E1")
    if call.path.startswith("/api/users"):  # argon2 is slow: only where a user is read
        await make_user(org, "op@example.com")


async def contact_names(org: Org) -> list[str | None]:
    async with org.hub.reading(org.id) as s:
        page = await contacts.list_contacts(s, contacts.ContactFilter(), limit=500)
    return [contact.name for contact in page.items]


@pytest.mark.parametrize(("call", "transport"), cases())
async def test_every_endpoint_takes_the_key_every_way(
    client: Client, org: Org, call: Call, transport: str
) -> None:
    await setup_records(org, call)
    answer = await client.request(call.method, call.path, **send(call, transport, org.token))
    assert answer.status_code == call.status, answer.text
    if call.writes:
        assert answer.json()["name"] == call.contact["name"]


@pytest.mark.parametrize(("call", "transport"), cases())
async def test_a_wrong_key_is_a_401_and_changes_nothing(
    client: Client, org: Org, call: Call, transport: str
) -> None:
    await setup_records(org, call)
    answer = await client.request(call.method, call.path, **send(call, transport, "chk_wrong"))
    assert answer.status_code == 401
    assert answer.json() == INVALID_KEY
    assert await contact_names(org) == ["Иван"]


@pytest.mark.parametrize("call", CALLS.values(), ids=list(CALLS))
async def test_no_key_is_a_401(client: Client, org: Org, call: Call) -> None:
    await setup_records(org, call)
    answer = await client.request(call.method, call.path, **send(call, "query", None))
    assert answer.status_code == 401
    assert answer.json() == MISSING_KEY
    blank = await client.get(call.path, params={"api_key": "  "}, headers={"X-API-KEY": ""})
    assert blank.status_code == 401
    assert blank.json() == MISSING_KEY
    assert await contact_names(org) == ["Иван"]


async def test_a_revoked_key_is_a_401(client: Client, org: Org) -> None:
    second = await make_token(org)
    assert (await client.get("/api/users.json", params={"api_key": second})).status_code == 200
    async with org.hub.writing(org.id) as s:
        await tokens.revoke_token(s, 2)
    answer = await client.get("/api/users.json", params={"api_key": second})
    assert answer.status_code == 401
    assert answer.json() == INVALID_KEY


async def test_the_parameter_is_read_before_the_header(client: Client, org: Org) -> None:
    good, bad = {"api_key": org.token}, {"api_key": "chk_wrong"}
    first = await client.get("/api/users.json", params=good, headers={"X-API-KEY": "chk_wrong"})
    assert first.status_code == 200
    second = await client.get("/api/users.json", params=bad, headers={"X-API-KEY": org.token})
    assert second.status_code == 401


async def test_a_body_key_in_a_get_is_read_as_rails_reads_it(client: Client, org: Org) -> None:
    # Rails parses a form body whatever the method; so does this API.
    answer = await client.request("GET", "/api/users.json", data={"api_key": org.token})
    assert answer.status_code == 200


async def test_an_unknown_route_answers_404_before_asking_for_a_key(client: Client) -> None:
    answer = await client.post("/api/users.json")
    assert answer.status_code == 404
    assert answer.json() == {"status": 404, "error": "Not Found"}
