"""Webhook delivery where it runs: inside the server by default (a slow receiver does not slow the
API), and in ``contacthub worker`` apart from it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from tests.conftest import serving
from tests.factories import Org
from tests.webhook_receiver import Receiver

API = "/api/hub/v1"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def _wait_for(condition: object, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("not in time")


def test_the_server_delivers_and_a_hanging_receiver_does_not_slow_it(
    settings: Settings, hub: Hub, org: Org, receiver: Receiver
) -> None:
    chosen = settings.model_copy(update={"webhook_allow_private": True, "webhook_timeout_s": 3})
    with serving(create_app(chosen)) as url:
        auth = org.auth
        made = httpx.post(
            f"{url}{API}/webhooks", json={"url": receiver.url, "events": ["*"]}, headers=auth
        )
        assert made.status_code == 201, made.text
        httpx.post(f"{url}{API}/contacts", json={"name": "Первый"}, headers=auth)
        _wait_for(lambda: len(receiver.received) == 1)
        receiver.mode = "hang"
        slowest = 0.0
        for i in range(20):
            started = time.monotonic()
            answer = httpx.post(f"{url}{API}/contacts", json={"name": f"N{i}"}, headers=auth)
            slowest = max(slowest, time.monotonic() - started)
            assert answer.status_code == 201
        # Each send hangs 1.5 s; the API's answers do not wait for them.
        assert slowest < 1.0, slowest
        receiver.mode = "ok"


def test_contacthub_worker_delivers_apart_from_the_api(
    database_url: str, hub: Hub, org: Org, receiver: Receiver
) -> None:
    env = {
        **os.environ,
        "CONTACTHUB_DATABASE_URL": database_url,
        "CONTACTHUB_WEBHOOK_ALLOW_PRIVATE": "true",
    }
    made = subprocess.run(
        [sys.executable, "-c", _SETUP.format(org=org.id, url=receiver.url)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    worker = subprocess.Popen(
        [sys.executable, "-m", "contacthub", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: len(receiver.received) == 2)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=20)
    assert worker.returncode == 0, errors


# A webhook and two changes, made through the core (the CLI has no webhook command).
_SETUP = """
import asyncio
from contacthub.config import Settings
from contacthub.core.contacts import ContactDraft, create_contact
from contacthub.core.scope import Hub
from contacthub.core.webhooks.endpoints import create_webhook
from contacthub.db.factory import database_for

async def main():
    hub = Hub(database_for(Settings()))
    await hub.db.connect()
    async with hub.writing({org}) as s:
        await create_webhook(s, "{url}", ["*"], secret=None, enabled=True, allow_private=True)
    for name in ("Один", "Два"):
        async with hub.writing({org}) as s:
            await create_contact(s, ContactDraft(name=name))
    await hub.db.close()

asyncio.run(main())
"""
