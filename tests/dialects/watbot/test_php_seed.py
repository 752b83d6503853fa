"""The seed document's own PHP functions, run by ``php`` against a real server.

seed_examples.php holds the document's six ``<? ... ?>`` blocks exactly as published; the only
change made here is ``https://watbot.ru`` -> the server's address. Each block defines a function
and calls it with globals (``$token``, ``$contact_id``, ``$tag``, ``$name``, ``$value``), which a
one-line preamble sets. The blocks use PHP's short open tag, hence ``-d short_open_tag=1``.
Names and values are Cyrillic, sent raw in the URL as the examples concatenate them.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import Org, make_contact

SEED = Path(__file__).parent / "seed_examples.php"
PHP = shutil.which("php")
pytestmark = pytest.mark.skipif(PHP is None, reason="php (php-cli with curl) is not installed")


def _blocks() -> dict[str, str]:
    """Each published block by the function it defines."""
    blocks = re.findall(r"^<\?\n.*?^\?>$", SEED.read_text(encoding="utf-8"), re.S | re.M)
    assert len(blocks) == 6
    return {re.search(r"function (\w+)", block).group(1): block for block in blocks}  # type: ignore[union-attr]


def _literal(value: Any) -> str:
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


async def run_example(tmp_path: Path, base_url: str, function: str, **globals_: Any) -> str:
    block = _blocks()[function].replace("https://watbot.ru", base_url)
    preamble = "".join(f"${key} = {_literal(value)};\n" for key, value in globals_.items())
    script = tmp_path / f"{function}.php"
    script.write_text(f"<?php\n{preamble}?>\n{block}\n", encoding="utf-8")
    assert PHP is not None
    process = await asyncio.create_subprocess_exec(
        PHP,
        "-d",
        "short_open_tag=1",
        "-d",
        "display_errors=stderr",
        str(script),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    assert not err.strip(), err.decode()
    return out.decode()


async def _get(
    base_url: str, path: str, *, headers: dict[str, str] | None = None, **params: Any
) -> Any:
    async with httpx.AsyncClient(base_url=base_url) as http:
        answer = await http.get(path, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_seed_examples_work_verbatim(live_server: str, org: Org, tmp_path: Path) -> None:
    contact = await make_contact(org, "Иван Иванов", tags=["Горячий", "Реклама"])
    token = org.token
    common = {"token": token, "contact_id": contact.id}

    listed = json.loads(await run_example(tmp_path, live_server, "removegetContacts", **common))
    assert [c["id"] for c in listed["data"]] == [contact.id]
    assert listed["meta"]["total"] == 1

    removed = await run_example(
        tmp_path, live_server, "removeTagFromContact", **common, tag="Горячий"
    )
    assert json.loads(removed) == {"data": ["Реклама"]}
    tags_url = "/api/v1/getContactTags"
    assert await _get(live_server, tags_url, api_token=token, contact_id=contact.id) == {
        "data": ["Реклама"]
    }

    tags = await run_example(tmp_path, live_server, "getContactTags", **common)
    assert json.loads(tags) == {"data": ["Реклама"]}

    quiet = await run_example(
        tmp_path, live_server, "setContactVariable", **common, name="Город", value="Москва"
    )
    assert quiet == ""  # the published function decodes the answer and prints nothing
    fields_url = f"/api/hub/v1/contacts/{contact.id}/fields"
    native = await _get(live_server, fields_url, headers=org.auth)
    assert [(f["name"], f["value"]) for f in native] == [("Город", "Москва")]

    assert await run_example(tmp_path, live_server, "getContactVariables", **common) == ""

    await run_example(tmp_path, live_server, "deleteContactVariable", **common, name="Город")
    assert await _get(live_server, fields_url, headers=org.auth) == []


async def test_a_wrong_token_reaches_the_php_caller_as_laravel_json(
    live_server: str, org: Org, tmp_path: Path
) -> None:
    contact = await make_contact(org)
    output = await run_example(
        tmp_path, live_server, "getContactTags", token="wrong", contact_id=contact.id
    )
    assert json.loads(output) == {"message": "Unauthenticated."}
