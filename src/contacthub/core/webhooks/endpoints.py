"""A organization's webhook receivers: create (the secret shown once), list, read, change,
delete. Managing them is an administrator's (they send the organization's data out)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime

import msgspec

from contacthub.core.feed import EVENT_TYPES
from contacthub.core.principal import AdminAction
from contacthub.core.records import delete_record, window
from contacthub.core.scope import Scope
from contacthub.core.webhooks.addresses import clean_url, refuse_private
from contacthub.db.database import Row
from contacthub.errors import Invalid, NotFound

ALL = "*"
MAX_WEBHOOKS = 50  # per organization
_COLUMNS = "id, url, events, enabled, created_at, updated_at"


class Webhook(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    url: str
    events: list[str]  # ["*"]: every type
    enabled: bool
    created_at: datetime
    updated_at: datetime


class NewWebhook(msgspec.Struct, frozen=True, kw_only=True):
    webhook: Webhook
    secret: str


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def clean_secret(secret: str) -> str:
    """A secret the client chose: ``whsec_`` + base64 of 24 to 64 bytes."""
    body = secret.removeprefix("whsec_")
    try:
        size = len(base64.b64decode(body, validate=True))
    except ValueError:
        size = 0
    if not 24 <= size <= 64:
        raise Invalid.field("secret", "a secret is whsec_ followed by 24 to 64 bytes in base64")
    return "whsec_" + body


def clean_events(events: Sequence[str]) -> str:
    """The types as kept: ``*`` or ``,a,b,`` (one LIKE finds a type's subscribers)."""
    if not events:
        raise Invalid.field("events", "name at least one event type, or *")
    if ALL in events:
        return ALL
    unknown = [kind for kind in events if kind not in EVENT_TYPES]
    if unknown:
        raise Invalid.field("events", f"unknown event type(s): {', '.join(unknown[:5])}")
    return "," + ",".join(sorted(set(events))) + ","


def _from_row(row: Row) -> Webhook:
    kept = row["events"]
    return Webhook(
        id=row["id"],
        url=row["url"],
        events=[ALL] if kept == ALL else kept.strip(",").split(","),
        enabled=bool(row["enabled"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


async def create_webhook(
    s: Scope,
    url: str,
    events: Sequence[str],
    *,
    secret: str | None,
    enabled: bool,
    allow_private: bool,
) -> NewWebhook:
    s.require(AdminAction.MANAGE_WEBHOOKS)
    clean = clean_url(url)
    kept_events = clean_events(events)
    kept_secret = new_secret() if secret is None else clean_secret(secret)
    await refuse_private(clean, allow_private=allow_private)
    count = await s.fetch_value("SELECT COUNT(*) FROM webhooks WHERE org_id = :org")
    if int(count) >= MAX_WEBHOOKS:
        raise Invalid(f"an organization has at most {MAX_WEBHOOKS} webhooks", code="too_many")
    row = await s.fetch_one(
        "INSERT INTO webhooks (org_id, url, events, secret, enabled, created_at, updated_at)"
        f" VALUES (:org, :url, :events, :secret, :enabled, :now, :now) RETURNING {_COLUMNS}",
        url=clean,
        events=kept_events,
        secret=kept_secret,
        enabled=enabled,
        now=s.now(),
    )
    assert row is not None
    return NewWebhook(webhook=_from_row(row), secret=kept_secret)


async def list_webhooks(s: Scope, *, after: int = 0, limit: int | None = None) -> list[Webhook]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM webhooks WHERE org_id = :org AND id > :after"
        " ORDER BY id LIMIT :limit",
        **window(after, limit),
    )
    return [_from_row(row) for row in rows]


async def get_webhook(s: Scope, webhook_id: int) -> Webhook:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM webhooks WHERE org_id = :org AND id = :id{s.conn.locking}",
        id=webhook_id,
    )
    if row is None:
        raise NotFound(f"webhook {webhook_id} does not exist")
    return _from_row(row)


async def update_webhook(
    s: Scope,
    webhook_id: int,
    *,
    url: str | None,
    events: Sequence[str] | None,
    secret: str | None,
    enabled: bool | None,
    allow_private: bool,
) -> Webhook:
    """Change what is given. A new secret signs the deliveries from now on."""
    s.require(AdminAction.MANAGE_WEBHOOKS)
    await get_webhook(s, webhook_id)
    changes: dict[str, object] = {}
    if url is not None:
        changes["url"] = clean_url(url)
        await refuse_private(str(changes["url"]), allow_private=allow_private)
    if events is not None:
        changes["events"] = clean_events(events)
    if secret is not None:
        changes["secret"] = clean_secret(secret)
    if enabled is not None:
        changes["enabled"] = enabled
    if changes:
        assignments = ", ".join(f"{column} = :{column}" for column in changes)
        await s.execute(
            f"UPDATE webhooks SET {assignments}, updated_at = :now"
            " WHERE org_id = :org AND id = :id",
            id=webhook_id,
            now=s.now(),
            **changes,
        )
    return await get_webhook(s, webhook_id)


async def delete_webhook(s: Scope, webhook_id: int) -> None:
    """Delete a receiver and its deliveries."""
    s.require(AdminAction.MANAGE_WEBHOOKS)
    await delete_record(s, "webhooks", webhook_id, "webhook")
