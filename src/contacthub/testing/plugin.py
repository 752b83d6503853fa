"""The pytest plugin (entry point ``pytest11``): ``contacthub_server`` and ``contacthub_org``.

``contacthub_server`` starts ``python -m contacthub serve`` (the same server a user runs) on a
free port over a SQLite file in the session's temporary directory, with a random admin token,
and stops it at the end; under pytest-xdist each worker starts its own. With
``CONTACTHUB_TEST_URL`` (and ``CONTACTHUB_TEST_ADMIN_TOKEN``) it uses that server instead, e.g.
one on PostgreSQL: organizations are never shared between tests either way.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from contacthub.testing.client import ContacthubOrg, ContacthubServer

START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:  # noqa: S310
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def local_server(directory: Path) -> Iterator[ContacthubServer]:
    """``contacthub serve`` on 127.0.0.1 over a new SQLite file in ``directory``."""
    port = _free_port()
    token = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "CONTACTHUB_DATABASE_URL": f"sqlite:///{directory / 'contacthub.db'}",
        "CONTACTHUB_ADMIN_TOKEN": token,
        "CONTACTHUB_LOG_LEVEL": "WARNING",
    }
    log = directory / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [
                sys.executable,
                "-m",
                "contacthub",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"contacthub did not start on {url}:\n{tail}")
            time.sleep(0.05)
        yield ContacthubServer(url, token)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def contacthub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ContacthubServer]:
    """A contacthub server for the session (or for this xdist worker): ``.url``,
    ``.admin_token``, ``.create_org()``."""
    url = os.environ.get("CONTACTHUB_TEST_URL")
    if url:
        token = os.environ.get("CONTACTHUB_TEST_ADMIN_TOKEN") or os.environ.get(
            "CONTACTHUB_ADMIN_TOKEN"
        )
        if not token:
            raise pytest.UsageError("CONTACTHUB_TEST_URL needs CONTACTHUB_TEST_ADMIN_TOKEN")
        yield ContacthubServer(url.rstrip("/"), token)
        return
    with local_server(tmp_path_factory.mktemp("contacthub")) as server:
        yield server


@pytest.fixture
def contacthub_org(
    contacthub_server: ContacthubServer, request: pytest.FixtureRequest
) -> Iterator[ContacthubOrg]:
    """A fresh organization for this test, deleted after it: ``.id``, ``.token``, ``.url``,
    ``.seed()``, ``.requests()``, ``.fault()``, ``.limit()``, ``.reset()``."""
    org = contacthub_server.create_org(request.node.nodeid[-255:])
    yield org
    org.delete()
