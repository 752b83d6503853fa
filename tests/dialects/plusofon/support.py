"""Helpers for the Plusofon tests: headers, lists with chosen ids, the vendor's examples."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contacthub.core import lists
from contacthub.core.lists import ContactList
from tests.factories import Org, make_list

URL = "/api/v1/contact-lists"
GOLDEN = Path(__file__).parent / "golden"
SEED_HOST = "https://restapi.plusofon.ru"
# Debian's php-guzzlehttp-guzzle (scripts/test installs it).
GUZZLE_AUTOLOAD = Path("/usr/share/php/GuzzleHttp/autoload.php")


def headers(org: Org, **extra: str) -> dict[str, str]:
    """The headers of the vendor's examples, with ``org``'s token."""
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Client": "10553",
        "Authorization": f"Bearer {org.token}",
        **extra,
    }


async def list_with_id(
    org: Org,
    list_id: int,
    name: str,
    kind: str = "black",
    entries: dict[str, list[str]] | None = None,
) -> ContactList:
    """A list that gets exactly ``list_id`` (ids restart in every test): fillers are made and
    deleted first, so the vendor's examples can run with their own ids."""
    fillers = []
    while True:
        probe = await make_list(org, "filler")
        assert probe.id < list_id, f"list id {list_id} is already taken"
        fillers.append(probe.id)
        if probe.id == list_id - 1:
            break
    async with org.hub.writing(org.id) as s:
        for filler in fillers:
            await lists.delete_list(s, filler)
    created = await make_list(org, name, kind, entries)
    assert created.id == list_id
    return created


def golden_json(name: str) -> Any:
    return json.loads((GOLDEN / f"{name}.response.json").read_text(encoding="utf-8"))


def example(name: str, base_url: str, token: str) -> str:
    """A vendor example with only the host and the token replaced."""
    text = (GOLDEN / name).read_text(encoding="utf-8")
    assert SEED_HOST in text
    assert "{token}" in text
    return text.replace(SEED_HOST, base_url).replace("{token}", token)


async def run_curl(name: str, base_url: str, token: str) -> Any:
    """Run ``<name>.curl.sh`` with bash; answers the JSON it printed."""
    script = example(f"{name}.curl.sh", base_url, token)
    done = await asyncio.to_thread(
        subprocess.run, ["bash", "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def run_fetch(name: str, base_url: str, token: str) -> Any:
    """Run ``<name>.fetch.js`` with node (console.log made to print JSON); answers that JSON."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed (scripts/test installs it)")
    script = example(f"{name}.fetch.js", base_url, token)
    done = await asyncio.to_thread(
        subprocess.run,
        ["node", "--require", str(GOLDEN / "json-console.js"), "-"],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def _php(script: str, *prepend: str) -> str:
    if shutil.which("php") is None:
        pytest.skip("php is not installed (scripts/test installs php-cli)")
    options = [f"-dauto_prepend_file={file}" for file in prepend]
    done = await asyncio.to_thread(
        subprocess.run,
        ["php", *options],
        input="<?php\n" + script,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _guzzle_installed() -> bool:
    return GUZZLE_AUTOLOAD.exists()


async def run_guzzle(name: str, base_url: str, token: str) -> str:
    """Run ``<name>.guzzle.php`` (Guzzle autoloaded, the snippet after ``<?php``); answers what
    it printed: ``print_r`` of the decoded answer."""
    if not _guzzle_installed():
        pytest.skip("Guzzle is not installed (scripts/test installs php-guzzlehttp-guzzle)")
    return await _php(example(f"{name}.guzzle.php", base_url, token), str(GUZZLE_AUTOLOAD))


async def php_print_r(document: Any) -> str:
    """What ``print_r(json_decode(...))`` prints for ``document``: the Guzzle examples' output."""
    encoded = json.dumps(json.dumps(document, ensure_ascii=False), ensure_ascii=False)
    return await _php(f"print_r(json_decode({encoded}));")


def requests_source(name: str, base_url: str, token: str) -> str:
    return example(f"{name}.requests.py", base_url, token)


async def run_requests(source: str, name: str) -> Any:
    """Execute a Python ``requests`` example; answers its ``response``."""
    namespace: dict[str, Any] = {}
    code = compile(source, f"{name}.requests.py", "exec")
    await asyncio.to_thread(exec, code, namespace)
    return namespace["response"]
