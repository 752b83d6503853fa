"""The seed document's curl examples, run by curl against a real server (golden/seed_curl.json).

Each example runs as written, with three substitutions only: the host, TOKEN (from logging in to
contacthub, by curl as well) and the {ИДЕНТИФИКАТОР_...} placeholders the document asks to fill.
The document's text lost its line breaks: each `` \\ `` there was a backslash at a line's end,
and is put back as one before bash runs the command.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contacthub.core import contact_fields, fields
from contacthub.core.contacts import Contact
from contacthub.core.scope import Hub
from tests.dialects.twin.conftest import PASSWORD
from tests.factories import Org, make_contact, make_user

GOLDEN = json.loads((Path(__file__).parent / "golden" / "seed_curl.json").read_text("utf-8"))
VENDOR_HOST = "https://chat-api.twin24.ai"
_CONTINUATION = re.compile(r"\s*\\ (?=--)")
_PLACEHOLDER = re.compile(r"^\{(attribute:(?P<name>.+)|client|company)\}$")


def _curl(command: str) -> tuple[int, str]:
    """Run a shell command line; answers curl's HTTP status and the response body."""
    script = f"{command} --silent --show-error --max-time 20 --write-out '\\n%{{http_code}}'"
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


async def _run(command: str) -> tuple[int, str]:
    return await asyncio.to_thread(_curl, command)


def restore_lines(flat: str) -> str:
    return _CONTINUATION.sub(" \\\n    ", flat)


async def _log_in(live_server: str, email: str) -> str:
    login = json.dumps({"email": email, "password": PASSWORD})
    status, body = await _run(
        f"curl --request POST '{live_server}/api/v1/auth/login'"
        f" --header 'content-type: application/json' --data '{login}'"
    )
    assert status == 200, body
    token: str = json.loads(body)["token"]
    return token


async def _state(hub: Hub, org: Org, contact: Contact) -> tuple[dict[str, str], dict[str, str]]:
    """The organization's attributes (name -> id) and the client's values (name -> value)."""
    async with hub.reading(org.id) as s:
        found = {field.name: field.uuid for field in await fields.list_fields(s)}
        values = {v.field.name: v.value for v in await contact_fields.contact_values(s, contact.id)}
    return found, values


def _expected(value: Any, ids: dict[str, str], client: str, company: int) -> Any:
    """The golden value with its placeholders filled in."""
    if isinstance(value, dict):
        return {key: _expected(item, ids, client, company) for key, item in value.items()}
    if isinstance(value, list):
        return [_expected(item, ids, client, company) for item in value]
    found = _PLACEHOLDER.match(value) if isinstance(value, str) else None
    if found is None:
        return value
    if found["name"] is not None:
        return ids[found["name"]]
    return client if value == "{client}" else company


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["name"] for c in GOLDEN["cases"]])
async def test_seed_curl_example(
    case: dict[str, Any], hub: Hub, org: Org, live_server: str
) -> None:
    # An administrator: the examples include deleting an attribute.
    await make_user(org, "operator@acme.example", PASSWORD, admin=True)
    contact = await make_contact(org, "Иван Иванов")
    async with hub.writing(org.id) as s:
        for name, value in case["setup"].items():
            field = await fields.create_field(s, name)
            if value is not None:
                await fields.set_value(s, contact.id, field, value)
    before, _ = await _state(hub, org, contact)

    command = case["curl"].replace(VENDOR_HOST, live_server)
    command = command.replace("TOKEN", await _log_in(live_server, "operator@acme.example"))
    for placeholder in ("{ИДЕНТИФИКТОР_КЛИЕНТА}", "{ИДЕНТИФИКАТОР_КЛИЕНТА}"):
        command = command.replace(placeholder, contact.uuid)
    if "attribute" in case:
        command = command.replace("{ИДЕНТИФИКАТОР_АТРИБУТА}", before[case["attribute"]])
    assert "{" not in command.split("--data")[0], "a placeholder is left"

    status, body = await _run(restore_lines(command))

    after, values = await _state(hub, org, contact)
    assert status == case["status"], body
    expected = _expected(case["body"], {**before, **after}, contact.uuid, org.id)
    assert (json.loads(body) if body else None) == expected
    assert list(after) == case["attributes"]
    assert values == case["values"]


def test_the_flattened_lines_become_the_documents_command() -> None:
    flat = "curl --request PATCH \\ --location 'https://x/a/{ID}'\\ --data '{\"a\":1}'"
    assert restore_lines(flat) == (
        "curl --request PATCH \\\n    --location 'https://x/a/{ID}' \\\n    --data '{\"a\":1}'"
    )
