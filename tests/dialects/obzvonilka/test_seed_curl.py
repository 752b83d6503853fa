"""The vendor document's own examples, run with real curl against a real server.

The commands are read from the document (seed/, a verbatim copy of the vendor's page); only the
host and the API key are replaced, as an integrator moving to contacthub would do.
"""

from __future__ import annotations

import asyncio
import json
import shlex
from pathlib import Path
from typing import Any

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, PhoneDraft
from tests.dialects.obzvonilka.support import base_json, contact_json
from tests.factories import Org, make_base, make_contact

SEED = Path(__file__).parent / "seed" / "001_d25d3569cf31c36b.txt"
VENDOR_HOST = "https://obzvonilka.ru"
PLACEHOLDER_KEYS = ("your_api_key", "my_api_key")


def seed_commands() -> list[str]:
    """Every curl command of the document (continuation lines joined), and its example URL."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    commands: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if line.startswith("curl "):
            while line.endswith("\\"):
                index += 1
                line = line[:-1] + " " + lines[index].strip()
            commands.append(line)
        elif line.startswith(VENDOR_HOST):
            commands.append(f"curl '{line}'")
        index += 1
    return commands


def test_the_document_has_the_three_examples() -> None:
    assert [shlex.split(command)[:2] for command in seed_commands()] == [
        ["curl", f"{VENDOR_HOST}/api/contact_bases.json?api_key=my_api_key"],
        ["curl", f"{VENDOR_HOST}/api/contact_bases/1/contacts.json?api_key=your_api_key"],
        ["curl", f"{VENDOR_HOST}/api/contact_bases/1/contacts/22.json?api_key=your_api_key"],
    ]


async def run_curl(command: str, server: str, api_key: str) -> Any:
    command = command.replace(VENDOR_HOST, server)
    for placeholder in PLACEHOLDER_KEYS:
        command = command.replace(placeholder, api_key)
    process = await asyncio.create_subprocess_exec(
        *shlex.split(command),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    return json.loads(stdout)


async def test_the_documents_curl_examples_work_with_only_the_host_changed(
    live_server: str, org: Org
) -> None:
    list_bases, add_contact, update_contact = seed_commands()
    base = await make_base(org, "Обзвон")

    assert await run_curl(list_bases, live_server, org.token) == [base_json(base.id, "Обзвон")]

    # The add example's number has nine digits, as no Russian number has: refused by name
    # (as Rails' 422), and nothing is stored. With ten digits the same command adds it.
    refused = await run_curl(add_contact, live_server, org.token)
    assert refused == {"errors": {"phone1": ["'987654321' is not a valid phone number: too short"]}}
    added = await run_curl(add_contact.replace("=987654321", "=9876543211"), live_server, org.token)
    assert added == contact_json(1, name="abc", phone1="9876543211")
    async with org.hub.reading(org.id) as s:
        stored = await contacts.get_contact(s, 1)
    assert stored.base_id == base.id
    assert [(p.number, p.e164) for p in stored.phones] == [("9876543211", "+79876543211")]

    # The update example names contact 22: fill ids 2..21 elsewhere, then make it in base 1.
    other = await make_base(org, "Другая")
    for n in range(2, 22):
        await make_contact(org, f"Заполнитель {n}", [], base_id=other.id)
    async with org.hub.writing(org.id) as s:
        target = await contacts.create_contact(
            s,
            ContactDraft(
                name="Старое имя",
                email="client@example.com",
                base_id=base.id,
                phones=[PhoneDraft(number="89991112233"), PhoneDraft(number="84951234567")],
            ),
        )
    assert target.id == 22

    updated = await run_curl(update_contact, live_server, org.token)

    assert updated == contact_json(
        22, name="abcd", email="client@example.com", phone1="9876543210", phone2="84951234567"
    )
    async with org.hub.reading(org.id) as s:
        stored = await contacts.get_contact(s, 22)
    assert [p.e164 for p in stored.phones] == ["+79876543210", "+74951234567"]
    assert stored.base_id == base.id
