"""Delivering webhooks: claim what is due, send it signed, record what happened, retry later.

    claim    one write unit: due deliveries (pending, or delivering past their lease: a worker
             died) of enabled receivers, the earliest waiting one of each (receiver, contact)
             only, so a contact's events arrive in order; PostgreSQL: FOR UPDATE SKIP LOCKED,
             so workers in several processes never take the same delivery at once. Claimed:
             status delivering, attempts + 1, next_attempt_at = the lease's end
    send     POST the event (the feed's body) with webhook-id (evt_<org>_<seq>: the same on
             every try, a receiver dedupes by it), webhook-timestamp, webhook-signature
             (Standard Webhooks, the ``standardwebhooks`` package); a timeout, no redirects;
             connected only to an address checked public (``delivery_client``, pinned.py)
    record   2xx: succeeded. Else pending again after BACKOFF[attempts - 1], or failed after
             the last try (kept with its last status and error; it can be redelivered)

The work runs in each server process (``Worker.run_forever`` from the app's lifespan) or in
``contacthub worker``; a slow or hanging receiver holds one of ``concurrency`` sends for at
most ``timeout`` seconds and nothing of the API.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import msgspec
from standardwebhooks import Webhook as Signer

from contacthub.config import Settings
from contacthub.core import feed
from contacthub.core.scope import Hub, Scope
from contacthub.core.webhooks.addresses import Resolver, refuse_private, system_resolver
from contacthub.core.webhooks.pinned import delivery_client
from contacthub.errors import HubError

logger = logging.getLogger("contacthub.webhooks")

# Seconds before each retry: two within the first minute, then up to ~a day in all (11 tries).
BACKOFF = (5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800)
MAX_ATTEMPTS = len(BACKOFF) + 1
_MAX_ERROR = 500
_encode = msgspec.json.Encoder().encode

_DUE = (
    "SELECT d.id FROM webhook_deliveries d"
    " WHERE d.status IN ('pending', 'delivering') AND d.next_attempt_at <= :now"
    " AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled)"
    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.webhook_id = d.webhook_id"
    " AND o.contact_id IS NOT DISTINCT FROM d.contact_id AND o.event_seq < d.event_seq"
    " AND o.status IN ('pending', 'delivering'))"
    " ORDER BY d.next_attempt_at, d.id LIMIT :batch"
)


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    org_id: int
    webhook_id: int
    event_seq: int
    attempts: int


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    status: int | None
    error: str | None


class Worker:
    def __init__(
        self,
        hub: Hub,
        *,
        allow_private: bool,
        timeout: float = 10.0,
        batch: int = 20,
        concurrency: int = 8,
        idle: float = 0.5,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.hub = hub
        self.allow_private = allow_private
        self.resolve = resolve
        self.timeout = timeout
        self.batch = batch
        self.idle = idle
        self._slots = asyncio.Semaphore(concurrency)
        # How long a claim holds: past it, a delivery whose worker died is due again. Longer
        # than a send can take (its timeout) plus the record; shorter means a sooner retry
        # after a crash (a send still running past it may be doubled: at least once).
        self.lease = timedelta(seconds=2 * timeout + 10)

    async def _anything_due(self, now: datetime) -> bool:
        """A read first: an idle worker takes no write lock (on SQLite, no commit and no wait
        behind another process's writer every ``idle`` seconds)."""
        async with self.hub.db.read() as conn:
            found = await conn.fetch_value(
                "SELECT 1 FROM webhook_deliveries WHERE status IN ('pending', 'delivering')"
                " AND next_attempt_at <= :now LIMIT 1",
                {"now": now},
            )
        return found is not None

    async def claim(self) -> list[Claimed]:
        now = self.hub.env.clock()
        if not await self._anything_due(now):
            return []
        skip = " FOR UPDATE SKIP LOCKED" if self.hub.db.dialect == "postgresql" else ""
        # The server's own work across organizations: the connection, not a Scope.
        async with self.hub.db.write() as conn:
            rows = await conn.fetch_all(
                "UPDATE webhook_deliveries SET status = 'delivering', attempts = attempts + 1,"
                " next_attempt_at = :lease, updated_at = :now"
                f" WHERE id IN ({_DUE}{skip})"
                " RETURNING id, org_id, webhook_id, event_seq, attempts",
                {"now": now, "lease": now + self.lease, "batch": self.batch},
            )
        return [
            Claimed(
                id=int(r["id"]),
                org_id=int(r["org_id"]),
                webhook_id=int(r["webhook_id"]),
                event_seq=int(r["event_seq"]),
                attempts=int(r["attempts"]),
            )
            for r in rows
        ]

    def client(self) -> httpx.AsyncClient:
        """The HTTP client to deliver with: it connects only to addresses it checked."""
        return delivery_client(self.resolve, allow_private=self.allow_private)

    async def run_once(self, client: httpx.AsyncClient) -> int:
        """Claim a batch and deliver it with ``client`` (``self.client()``, or a test's);
        answers how many were tried."""
        claimed = await self.claim()
        await asyncio.gather(*(self._deliver(client, one) for one in claimed))
        return len(claimed)

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        async with self.client() as client:
            while stop is None or not stop.is_set():
                try:
                    tried = await self.run_once(client)
                except HubError as error:  # the database away: try again later
                    logger.warning("webhook delivery paused: %s", error.message)
                    tried = 0
                if not tried:
                    await asyncio.sleep(self.idle)

    async def _deliver(self, client: httpx.AsyncClient, one: Claimed) -> None:
        async with self._slots:
            try:
                target = await self._target(one)
            except HubError as error:
                await self._record(one, Outcome(ok=False, status=None, error=error.message))
                return
            if target is None:  # the event was purged: nothing left to send
                await self._record(one, Outcome(ok=False, status=None, error="event purged"))
                return
            outcome = await self._send(client, one, *target)
            await self._record(one, outcome)

    async def _target(self, one: Claimed) -> tuple[str, str, bytes] | None:
        async with self.hub.reading(one.org_id) as s:
            hook = await _hook(s, one.webhook_id)
            event = await feed.get_event(s, one.event_seq)
        if hook is None or event is None:
            return None
        url, secret = hook
        # A clear reason in the delivery's record; the client checks again where it connects.
        await refuse_private(url, allow_private=self.allow_private, resolve=self.resolve)
        return url, secret, _encode(feed.wire_event(event))

    async def _send(
        self, client: httpx.AsyncClient, one: Claimed, url: str, secret: str, body: bytes
    ) -> Outcome:
        message_id = f"evt_{one.org_id}_{one.event_seq}"
        sent_at = self.hub.env.clock()
        headers = {
            "content-type": "application/json",
            "user-agent": "contacthub-webhooks",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": Signer(secret).sign(message_id, sent_at, body),
        }
        try:
            answer = await client.post(url, content=body, headers=headers, timeout=self.timeout)
        except httpx.TimeoutException:
            return Outcome(ok=False, status=None, error=f"no answer in {self.timeout:g} s")
        except httpx.HTTPError as error:
            return Outcome(ok=False, status=None, error=f"{type(error).__name__}: {error}")
        if 200 <= answer.status_code < 300:
            return Outcome(ok=True, status=answer.status_code, error=None)
        return Outcome(ok=False, status=answer.status_code, error=f"HTTP {answer.status_code}")

    async def _record(self, one: Claimed, outcome: Outcome) -> None:
        now = self.hub.env.clock()
        if outcome.ok:
            status, due = "succeeded", now
        elif one.attempts >= MAX_ATTEMPTS:
            status, due = "failed", now
        else:
            status, due = "pending", now + timedelta(seconds=BACKOFF[one.attempts - 1])
        async with self.hub.writing(one.org_id) as s:
            # Only if still ours: past the lease another worker may have taken it again.
            await s.execute(
                "UPDATE webhook_deliveries SET status = :status, next_attempt_at = :due,"
                " last_status = :code, last_error = :error, updated_at = :now"
                " WHERE org_id = :org AND id = :id AND status = 'delivering'"
                " AND attempts = :attempts",
                id=one.id,
                status=status,
                due=due,
                code=outcome.status,
                error=None if outcome.error is None else outcome.error[:_MAX_ERROR],
                now=now,
                attempts=one.attempts,
            )


async def _hook(s: Scope, webhook_id: int) -> tuple[str, str] | None:
    row = await s.fetch_one(
        "SELECT url, secret FROM webhooks WHERE org_id = :org AND id = :id", id=webhook_id
    )
    return None if row is None else (row["url"], row["secret"])


def webhook_worker(hub: Hub, settings: Settings) -> Worker:
    """The worker as the settings configure it (the server's and ``contacthub worker``'s)."""
    return Worker(
        hub, allow_private=settings.webhook_allow_private, timeout=settings.webhook_timeout_s
    )
