"""Seed documents through HTTP (JSON and YAML) and the CLI, and their JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from contacthub.core import seed
from tests.cli.test_cli import contacthub
from tests.control.conftest import ADMIN, bearer, new_org

H = "/api/hub/v1"
# The issue's own example, as an integrator writes it.
DOCUMENT: dict[str, Any] = {
    "bots": [{"name": "Bot", "vendor_ids": {"watbot": 72975}}],
    "bases": [{"name": "Base 1"}],
    "tags": ["VIP"],
    "fields": [{"name": "Город"}],
    "contacts": [
        {
            "name": "Иван",
            "phones": ["+79161234567"],
            "base": "Base 1",
            "bot": "Bot",
            "tags": ["VIP"],
            "fields": {"Город": "Москва"},
            "vendor_ids": {"obzvonilka": 501},
        }
    ],
    "lists": [
        {"name": "Stop", "type": "black", "entries": [{"name": "X", "phones": ["79990000001"]}]}
    ],
    "users": [{"email": "op@example.com", "password": "operator-pass", "name": "Op"}],
}
YAML = """
bots:
  - name: Bot
    vendor_ids: {watbot: 72975}
bases: [{name: Base 1}]
tags: [VIP]
fields: [{name: Город}]
contacts:
  - name: Иван
    phones: ["+79161234567"]
    base: Base 1
    bot: Bot
    tags: [VIP]
    fields: {Город: Москва}
    vendor_ids: {obzvonilka: 501}
lists:
  - name: Stop
    type: black
    entries: [{name: X, phones: ["79990000001"]}]
users: [{email: op@example.com, password: operator-pass, name: Op}]
"""


async def _assert_seeded(client: httpx.AsyncClient, org: dict[str, Any]) -> None:
    headers = bearer(org)
    contacts = (await client.get(f"{H}/contacts", headers=headers)).json()["items"]
    assert len(contacts) == 1
    contact = contacts[0]
    assert contact["name"] == "Иван"
    assert [phone["number"] for phone in contact["phones"]] == ["+79161234567"]
    assert contact["tags"] == ["VIP"]
    assert contact["fields"] == {"Город": "Москва"}
    assert contact["vendor_ids"] == {"obzvonilka": 501}
    bots = (await client.get(f"{H}/bots", headers=headers)).json()["items"]
    assert [(bot["name"], bot["vendor_ids"]) for bot in bots] == [("Bot", {"watbot": 72975})]
    assert contact["bot_id"] == bots[0]["id"]
    bases = (await client.get(f"{H}/bases", headers=headers)).json()["items"]
    assert contact["base_id"] == bases[0]["id"]
    lists = (await client.get(f"{H}/lists", headers=headers)).json()["items"]
    assert [(item["name"], item["type"]) for item in lists] == [("Stop", "black")]
    login = await client.post(
        "/api/v1/auth/login", json={"email": "op@example.com", "password": "operator-pass"}
    )
    assert login.status_code == 200, login.text


async def test_seed_json(admin_client: httpx.AsyncClient) -> None:
    org = await new_org(admin_client)
    answer = await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/seed", json=DOCUMENT, headers=ADMIN
    )
    assert answer.status_code == 201, answer.text
    assert answer.json() == {
        "bots": 1, "bases": 1, "fields": 1, "tags": 1, "contacts": 1, "lists": 1, "users": 1
    }  # fmt: skip
    await _assert_seeded(admin_client, org)


@pytest.mark.parametrize("content_type", ["application/yaml", "text/yaml; charset=utf-8"])
async def test_seed_yaml(admin_client: httpx.AsyncClient, content_type: str) -> None:
    org = await new_org(admin_client)
    answer = await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/seed",
        content=YAML.encode(),
        headers={**ADMIN, "Content-Type": content_type},
    )
    assert answer.status_code == 201, answer.text
    await _assert_seeded(admin_client, org)


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"contacts": [{"name": "A", "base": "Nowhere"}]}, "contacts[0].base"),
        ({"contacts": [{"name": "A", "bot": "Nobody"}]}, "contacts[0].bot"),
        ({"bots": [{"name": "B"}, {"name": "B"}]}, "bots[1].name"),
        ({"bots": [{"name": "B", "vendor_ids": {"acme": 1}}]}, "vendor_ids"),
        ({"users": [{"email": "x@example.com", "password": "short"}]}, "password"),
        ({"contacts": [{"name": "A", "phones": ["not a phone"]}]}, None),
    ],
)
async def test_a_bad_document_changes_nothing(
    admin_client: httpx.AsyncClient, document: dict[str, Any], field: str | None
) -> None:
    org = await new_org(admin_client)
    # A valid part first: it must not be left behind when a later part fails.
    whole = {"tags": ["kept?"], **document}
    answer = await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/seed", json=whole, headers=ADMIN
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert field in answer.json()["errors"]
    tags = await admin_client.get(f"{H}/tags", headers=bearer(org))
    assert tags.json()["items"] == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{", "application/json"),
        (b'{"contacts": 5}', "application/json"),
        (b'{"unknown": []}', "application/json"),
        (b"bots: [", "application/yaml"),
        (b"\xff\xfe", "application/yaml"),
        (b"- 1\n- 2\n", "application/yaml"),
    ],
)
async def test_malformed_documents_are_422(
    admin_client: httpx.AsyncClient, content: bytes, content_type: str
) -> None:
    org = await new_org(admin_client)
    answer = await admin_client.post(
        f"/_contacthub/orgs/{org['id']}/seed",
        content=content,
        headers={**ADMIN, "Content-Type": content_type},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_seed"


async def test_seed_of_an_unknown_organization_is_404(admin_client: httpx.AsyncClient) -> None:
    answer = await admin_client.post("/_contacthub/orgs/999/seed", json=DOCUMENT, headers=ADMIN)
    assert answer.status_code == 404


async def test_schema_is_served_and_describes_the_example(admin_client: httpx.AsyncClient) -> None:
    answer = await admin_client.get("/_contacthub/seed.schema.json", headers=ADMIN)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/schema+json")
    schema = answer.json()
    assert schema["examples"] == [seed.EXAMPLE]
    assert "contacts" in schema["$defs"]["SeedDocument"]["properties"]
    # The example is itself a valid document.
    seed.decode(json.dumps(seed.EXAMPLE).encode())


def test_cli_seed(database_url: str, hub: object, tmp_path: Path) -> None:
    created = contacthub(database_url, "org", "create", "Acme", "--json")
    org = json.loads(created.stdout)
    document = tmp_path / "seed.yaml"
    document.write_text(YAML)
    done = contacthub(database_url, "seed", str(document), "--org", str(org["id"]), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["contacts"] == 1
    again = contacthub(database_url, "seed", str(document), "--org", "999")
    assert again.returncode == 1
    assert "organization does not exist" in again.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"contacts": [{"base": "Nowhere"}]}')
    refused = contacthub(database_url, "seed", str(bad), "--org", str(org["id"]))
    assert refused.returncode == 1
    assert "Nowhere" in refused.stderr


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
async def test_export_as_seed_then_seed_gives_the_same_data(
    admin_client: httpx.AsyncClient, database_url: str, tmp_path: Path, suffix: str
) -> None:
    source = await new_org(admin_client, "Source")
    copy = await new_org(admin_client, "Copy")
    seeded = await admin_client.post(
        f"/_contacthub/orgs/{source['id']}/seed", json=DOCUMENT, headers=ADMIN
    )
    assert seeded.status_code == 201
    written = tmp_path / f"org{suffix}"
    done = contacthub(
        database_url, "export", "--org", str(source["id"]), "--format", "seed", "-o", str(written)
    )
    assert done.returncode == 0, done.stderr
    loaded = contacthub(database_url, "seed", str(written), "--org", str(copy["id"]))
    assert loaded.returncode == 0, loaded.stderr

    async def snapshot(org: dict[str, Any]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for path in ("contacts", "bots", "bases", "tags", "fields", "lists"):
            items = (await admin_client.get(f"{H}/{path}", headers=bearer(org))).json()["items"]
            seen[path] = [
                {k: v for k, v in item.items() if not k.endswith(("id", "_at")) and k != "uuid"}
                for item in items
            ]
        contact = (await admin_client.get(f"{H}/contacts", headers=bearer(org))).json()["items"][0]
        bots = (await admin_client.get(f"{H}/bots", headers=bearer(org))).json()["items"]
        seen["contact's bot"] = [bot["name"] for bot in bots if bot["id"] == contact["bot_id"]]
        return seen

    assert await snapshot(copy) == await snapshot(source)
    # Users are not exported (only their password hashes are kept): the document says none.
    assert "users" not in written.read_text()


def test_export_as_seed_refuses_filters(database_url: str, hub: object) -> None:
    done = contacthub(database_url, "export", "--org", "1", "--format", "seed", "--tag", "x")
    assert done.returncode == 1
    assert "whole organization" in done.stderr
