"""A delivery connects only to an address that was checked (core/webhooks/pinned.py): a name
that answers a public address to the check and loopback to the send (DNS rebinding) is refused
at the send; a name is connected to at the address its check resolved, with its own Host."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from contacthub.core.scope import Hub
from contacthub.core.webhooks.endpoints import create_webhook
from contacthub.core.webhooks.pinned import delivery_client
from contacthub.core.webhooks.worker import Worker
from tests.factories import Org, make_contact
from tests.webhook_receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def _port(receiver: Receiver) -> int:
    return int(receiver.server.server_address[1])


async def _hook_and_event(hub: Hub, org: Org, url: str) -> None:
    async with hub.writing(org.id) as s:  # created as an operator who allows it
        await create_webhook(s, url, ["*"], secret=None, enabled=True, allow_private=True)
    await make_contact(org, "Получатель")


async def _outcome(hub: Hub, org: Org) -> tuple[str, str | None]:
    async with hub.reading(org.id) as s:
        row = await s.fetch_one(
            "SELECT status, last_error FROM webhook_deliveries WHERE org_id = :org"
        )
    assert row is not None
    return row["status"], row["last_error"]


async def test_a_name_rebound_to_loopback_after_the_check_is_refused_at_the_send(
    hub: Hub, org: Org, receiver: Receiver
) -> None:
    answers = [["93.184.216.34"], ["127.0.0.1"]]  # the check's answer, then the send's
    asked: list[tuple[str, int]] = []

    async def rebinding(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return answers.pop(0) if answers else ["127.0.0.1"]

    # 'localhost': a client that resolved the name itself would reach the receiver.
    await _hook_and_event(hub, org, f"http://localhost:{_port(receiver)}/hook")
    work = Worker(hub, allow_private=False, timeout=2, resolve=rebinding)
    async with work.client() as http:
        assert await work.run_once(http) == 1
    assert receiver.received == []
    status, error = await _outcome(hub, org)
    assert status == "pending"
    assert "private or loopback address" in str(error), error
    assert asked == [("localhost", _port(receiver))] * 2


async def test_the_client_connects_to_the_checked_address_with_the_urls_host(
    hub: Hub, org: Org, receiver: Receiver
) -> None:
    async def pinned(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "hooks.invalid" else []

    # No resolver in the world knows hooks.invalid (RFC 6761): only the pinned address reaches.
    await _hook_and_event(hub, org, f"http://hooks.invalid:{_port(receiver)}/hook")
    work = Worker(hub, allow_private=True, timeout=2, resolve=pinned)
    async with work.client() as http:
        assert await work.run_once(http) == 1
    assert await _outcome(hub, org) == ("succeeded", None)
    [(headers, _)] = receiver.received
    assert headers["host"] == f"hooks.invalid:{_port(receiver)}"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
async def test_the_delivery_client_refuses_private_addresses_itself(
    receiver: Receiver, host: str
) -> None:
    async with delivery_client(allow_private=False) as http:
        with pytest.raises(httpx.ConnectError, match="private or loopback"):
            await http.post(f"http://{host}:{_port(receiver)}/hook", content=b"{}")
    assert receiver.received == []
