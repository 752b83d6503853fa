"""The vendor document's own examples (curl, fetch, Python requests), run against a live server
with only the host and ``{token}`` replaced; answers compared with the document's (golden/)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import requests
from httpx import AsyncClient as Client

from tests.dialects.plusofon.support import (
    URL,
    golden_json,
    headers,
    list_with_id,
    php_print_r,
    requests_source,
    run_curl,
    run_fetch,
    run_guzzle,
    run_requests,
)
from tests.factories import Org

TOOLS = ["curl", "fetch", "guzzle", "requests"]
# Tools whose example sends the body as JSON (fetch's sends "[object Object]", see golden/).
JSON_BODY_TOOLS = ["curl", "guzzle", "requests"]


async def run(tool: str, name: str, live_server: str, org: Org) -> tuple[int | None, Any]:
    """The example's answer: (HTTP status when the tool exposes it, JSON body; for Guzzle the
    ``print_r`` text it prints, see ``expected``)."""
    if tool == "curl":
        return None, await run_curl(name, live_server, org.token)
    if tool == "fetch":
        return None, await run_fetch(name, live_server, org.token)
    if tool == "guzzle":
        # Guzzle throws on a 4xx/5xx (the run fails), so a printed answer means a 2xx.
        return None, await run_guzzle(name, live_server, org.token)
    response = await run_requests(requests_source(name, live_server, org.token), name)
    return response.status_code, response.json()


async def expected(tool: str, document: Any) -> Any:
    """``document`` as ``tool``'s example shows it."""
    return await php_print_r(document) if tool == "guzzle" else document


def on_host(document: Any, live_server: str) -> Any:
    """The document's answer with its ``http://localhost`` replaced by the live server's URL."""
    text = json.dumps(document, ensure_ascii=False)
    return json.loads(text.replace("http://localhost", live_server))


@pytest.mark.parametrize("tool", TOOLS)
async def test_list_example(tool: str, live_server: str, org: Org) -> None:
    await list_with_id(org, 11, "Черный список 1", "black")
    await list_with_id(org, 17, "Белый список 1", "white")
    status, body = await run(tool, "list", live_server, org)
    assert status in (None, 200)
    assert body == await expected(tool, on_host(golden_json("list"), live_server))


@pytest.mark.parametrize("tool", TOOLS)
async def test_get_example(tool: str, live_server: str, org: Org) -> None:
    document = golden_json("get")
    contacts = {c["name"]: c["phones"] for c in document["contacts"]}
    await list_with_id(org, 15, document["name"], document["type"], contacts)
    status, body = await run(tool, "get", live_server, org)
    assert status in (None, 200)
    # The document asks for list 15 and shows list 19; everything else is as it shows.
    assert body == await expected(tool, {**document, "id": 15})


@pytest.mark.parametrize("tool", TOOLS)
async def test_types_example(tool: str, live_server: str, org: Org) -> None:
    status, body = await run(tool, "types", live_server, org)
    assert status in (None, 200)
    assert body == await expected(tool, golden_json("types"))


CREATED = {
    "id": 1,
    "name": "Black List 1",
    "type": "black",
    "contacts": [{"name": "Ivan Ivanov", "phones": ["79998887766"]}],
    "success": True,
}


@pytest.mark.parametrize("tool", JSON_BODY_TOOLS)
async def test_create_example(tool: str, live_server: str, org: Org, client: Client) -> None:
    status, body = await run(tool, "create", live_server, org)
    assert status in (None, 201)
    assert body == await expected(tool, golden_json("success"))
    assert (await client.get(f"{URL}/1", headers=headers(org))).json() == CREATED


async def test_create_example_location_leads_to_the_list(live_server: str, org: Org) -> None:
    response = await run_requests(requests_source("create", live_server, org.token), "create")
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location == f"{live_server}{URL}/1"
    followed = await asyncio.to_thread(requests.get, location, headers=headers(org), timeout=30)
    assert followed.json() == CREATED


async def test_fetch_examples_send_an_object_and_are_refused(
    live_server: str, org: Org, client: Client
) -> None:
    """``body: body`` makes fetch send "[object Object]": 400, the fix named, nothing written."""
    await list_with_id(org, 15, "Old", "white", {"Old Person": ["79161234567"]})
    before = (await client.get(f"{URL}/15", headers=headers(org))).json()
    for name in ("create", "replace"):
        body = await run_fetch(name, live_server, org.token)
        assert body["success"] is False
        assert "JSON.stringify" in body["message"]
    assert (await client.get(f"{URL}/15", headers=headers(org))).json() == before
    assert (await client.get(URL, headers=headers(org))).json()["total"] == 1


@pytest.mark.parametrize("tool", JSON_BODY_TOOLS)
async def test_replace_example(tool: str, live_server: str, org: Org, client: Client) -> None:
    await list_with_id(org, 15, "Old", "white", {"Old Person": ["79161234567", "79161234568"]})
    if tool == "requests":
        verbatim = requests_source("replace", live_server, org.token)
        # The document's PUT example has "'Client': '10553',****": not Python as printed.
        with pytest.raises(SyntaxError):
            compile(verbatim, "replace.requests.py", "exec")
        repaired = verbatim.replace("'Client': '10553',****", "'Client': '10553',")
        response = await run_requests(repaired, "replace")
        status, body = response.status_code, response.json()
    else:
        status, body = await run(tool, "replace", live_server, org)
    assert status in (None, 200)
    assert body == await expected(tool, golden_json("success"))
    assert (await client.get(f"{URL}/15", headers=headers(org))).json() == {**CREATED, "id": 15}


@pytest.mark.parametrize("tool", TOOLS)
async def test_delete_example(tool: str, live_server: str, org: Org, client: Client) -> None:
    await list_with_id(org, 15, "Doomed", "black", {"X": ["79161234567"]})
    status, body = await run(tool, "delete", live_server, org)
    assert status in (None, 200)
    assert body == await expected(tool, golden_json("success"))
    gone = await client.get(f"{URL}/15", headers=headers(org))
    assert gone.status_code == 404
    assert gone.json() == {"success": False, "error": "Список контактов не найден"}
