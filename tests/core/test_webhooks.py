"""Webhooks end to end: receivers through the native API, deliveries by the worker to a local
receiver that fails, hangs and comes back; signatures, order per contact, retries, redelivery,
two workers; on both databases."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from standardwebhooks import Webhook as Verifier

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core import feed
from contacthub.core.scope import Hub
from contacthub.core.webhooks import worker as worker_module
from contacthub.core.webhooks.endpoints import create_webhook
from contacthub.core.webhooks.worker import MAX_ATTEMPTS, Worker
from contacthub.db.factory import database_for
from tests.factories import Org, make_contact
from tests.support import TestClock
from tests.webhook_receiver import Receiver

API = "/api/hub/v1"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


@pytest.fixture
async def private_ok(settings: Settings, hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """The app with CONTACTHUB_WEBHOOK_ALLOW_PRIVATE=true (the receiver is on 127.0.0.1)."""
    allowed = settings.model_copy(update={"webhook_allow_private": True})
    app: Litestar = create_app(allowed, hub=hub)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


async def _due_now(hub: Hub) -> None:
    """Move every waiting delivery's next try to now (instead of waiting out the backoff)."""
    async with hub.db.write() as conn:
        await conn.execute(
            "UPDATE webhook_deliveries SET next_attempt_at = :past WHERE status = 'pending'",
            {"past": hub.env.clock() - timedelta(seconds=1)},
        )


async def _deliveries(client: httpx.AsyncClient, org: Org, hook: int) -> list[dict[str, Any]]:
    answer = await client.get(f"{API}/webhooks/{hook}/deliveries?limit=500", headers=org.auth)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_deliveries_survive_a_receiver_that_fails_hangs_and_comes_back(
    private_ok: httpx.AsyncClient, hub: Hub, org: Org, receiver: Receiver
) -> None:
    client = private_ok
    made = await client.post(
        f"{API}/webhooks",
        json={"url": receiver.url, "events": ["contact.created", "contact.updated"]},
        headers=org.auth,
    )
    assert made.status_code == 201, made.text
    hook = made.json()
    secret = hook["secret"]
    assert secret.startswith("whsec_")
    shown = (await client.get(f"{API}/webhooks/{hook['id']}", headers=org.auth)).json()
    assert "secret" not in shown
    a = (await client.post(f"{API}/contacts", json={"name": "A"}, headers=org.auth)).json()
    b = (await client.post(f"{API}/contacts", json={"name": "B"}, headers=org.auth)).json()
    for i in range(3):
        await client.patch(f"{API}/contacts/{a['id']}", json={"name": f"A{i}"}, headers=org.auth)
    await client.delete(f"{API}/contacts/{b['id']}", headers=org.auth)  # not subscribed

    work = Worker(hub, allow_private=True, timeout=0.5)
    async with httpx.AsyncClient() as http:
        receiver.mode = "fail"
        assert await work.run_once(http) == 2  # the first of each contact only: order
        receiver.mode = "hang"
        await _due_now(hub)
        assert await work.run_once(http) == 2
        listed = await _deliveries(client, org, hook["id"])
        assert {(d["status"], d["attempts"]) for d in listed} == {("pending", 2), ("pending", 0)}
        assert {d["last_error"] for d in listed if d["attempts"]} == {"no answer in 0.5 s"}
        receiver.mode = "ok"
        for _ in range(10):
            await _due_now(hub)
            await work.run_once(http)
    listed = await _deliveries(client, org, hook["id"])
    assert len(listed) == 5
    assert {d["status"] for d in listed} == {"succeeded"}
    bodies = [json.loads(body) for _, body in receiver.received]
    order_a = [e["data"] for e in bodies if e["contact_id"] == a["id"]]
    assert [x.get("contact", {}).get("name") or x["changes"]["name"]["after"] for x in order_a] == [
        "A",
        "A0",
        "A1",
        "A2",
    ]
    assert [e["type"] for e in bodies if e["contact_id"] == b["id"]] == ["contact.created"]
    feed = (await client.get(f"{API}/events", headers=org.auth)).json()["items"]
    by_seq = {e["seq"]: e for e in feed}
    verifier = Verifier(secret)
    for headers, body in receiver.received:
        event = verifier.verify(body, headers)  # raises unless the signature is right
        assert headers["webhook-id"] == f"evt_{org.id}_{event['seq']}"
        assert event == by_seq[event["seq"]]  # the same body as the feed


async def test_the_last_try_fails_the_delivery_and_it_can_be_redelivered(
    private_ok: httpx.AsyncClient, hub: Hub, org: Org, receiver: Receiver
) -> None:
    client = private_ok
    hook = (
        await client.post(
            f"{API}/webhooks", json={"url": receiver.url, "events": ["*"]}, headers=org.auth
        )
    ).json()
    await client.post(f"{API}/contacts", json={"name": "Упрямый"}, headers=org.auth)
    receiver.mode = "fail"
    work = Worker(hub, allow_private=True, timeout=0.5)
    async with httpx.AsyncClient() as http:
        for _ in range(MAX_ATTEMPTS + 2):
            await _due_now(hub)
            await work.run_once(http)
        [failed] = await _deliveries(client, org, hook["id"])
        assert (failed["status"], failed["attempts"]) == ("failed", MAX_ATTEMPTS)
        assert (failed["last_status"], failed["last_error"]) == (500, "HTTP 500")
        receiver.mode = "ok"
        again = await client.post(
            f"{API}/webhooks/{hook['id']}/deliveries/{failed['id']}/redeliver", headers=org.auth
        )
        assert again.status_code == 200, again.text
        assert (again.json()["status"], again.json()["attempts"]) == ("pending", 0)
        assert await work.run_once(http) == 1
    [done] = await _deliveries(client, org, hook["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 1)
    assert len(receiver.received) == 1


def test_the_backoff_retries_twice_within_a_minute_then_for_about_a_day() -> None:
    assert sum(worker_module.BACKOFF[:2]) < 60
    assert 20 * 3600 < sum(worker_module.BACKOFF) <= 24 * 3600


async def test_two_workers_never_take_the_same_delivery(
    private_ok: httpx.AsyncClient, hub: Hub, org: Org, settings: Settings, receiver: Receiver
) -> None:
    client = private_ok
    await client.post(
        f"{API}/webhooks", json={"url": receiver.url, "events": ["*"]}, headers=org.auth
    )
    for i in range(40):
        await client.post(f"{API}/contacts", json={"name": f"C{i}"}, headers=org.auth)
    second = Hub(database_for(settings), hub.env)
    await second.db.connect()
    try:
        one = Worker(hub, allow_private=True, batch=15)
        two = Worker(second, allow_private=True, batch=15)
        claims = await asyncio.gather(one.claim(), two.claim(), one.claim(), two.claim())
    finally:
        await second.db.close()
    taken = [c.id for batch in claims for c in batch]
    assert len(taken) == len(set(taken)) == 40


async def test_receivers_are_checked(client: httpx.AsyncClient, org: Org) -> None:
    for url, code in (
        ("http://127.0.0.1:9/hook", "private_address"),
        ("http://10.1.2.3/hook", "private_address"),
        ("http://[::1]/hook", "private_address"),
        ("http://localhost/hook", "private_address"),
        ("ftp://93.184.216.34/hook", None),
        ("https://user:pw@93.184.216.34/hook", None),
    ):
        answer = await client.post(
            f"{API}/webhooks", json={"url": url, "events": ["*"]}, headers=org.auth
        )
        assert answer.status_code in (400, 422), (url, answer.text)
        if code is not None:
            assert answer.json()["code"] == code, answer.text
    bad_type = await client.post(
        f"{API}/webhooks",
        json={"url": "https://93.184.216.34/hook", "events": ["contact.exploded"]},
        headers=org.auth,
    )
    assert bad_type.status_code == 422
    fine = await client.post(
        f"{API}/webhooks",
        json={"url": "https://93.184.216.34/hook", "events": ["*"], "enabled": False},
        headers=org.auth,
    )
    assert fine.status_code == 201, fine.text
    hook_id = fine.json()["id"]
    changed = await client.patch(
        f"{API}/webhooks/{hook_id}", json={"events": ["contact.erased"]}, headers=org.auth
    )
    assert changed.json()["events"] == ["contact.erased"]
    assert (await client.delete(f"{API}/webhooks/{hook_id}", headers=org.auth)).status_code == 204
    assert (await client.get(f"{API}/webhooks/{hook_id}", headers=org.auth)).status_code == 404


async def test_finished_deliveries_are_purged_with_their_events(
    hub: Hub, org: Org, clock: TestClock
) -> None:
    clock.freeze()
    async with hub.writing(org.id) as s:
        await create_webhook(
            s, "http://127.0.0.1:9/h", ["*"], secret=None, enabled=True, allow_private=True
        )
    await make_contact(org, "Старый")
    await make_contact(org, "Ждущий")
    async with hub.db.write() as conn:
        await conn.execute(
            "UPDATE webhook_deliveries SET status = 'succeeded' WHERE event_seq = 1", {}
        )
    clock.advance(days=100)
    await feed.purge_events(hub, clock(), retention_days=90)
    async with hub.reading(org.id) as s:
        left = await s.fetch_all(
            "SELECT event_seq, status FROM webhook_deliveries WHERE org_id = :org"
        )
    assert [(row["event_seq"], row["status"]) for row in left] == [(2, "pending")]
