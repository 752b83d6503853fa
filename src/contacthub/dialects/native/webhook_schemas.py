"""The native API's wire shapes of webhooks and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from contacthub.core.feed import EVENT_TYPES
from contacthub.core.webhooks.addresses import MAX_URL_LENGTH
from contacthub.dialects.native.wire_rules import no_nul, rule

UrlText = Annotated[str, no_nul(min_length=1, max_length=MAX_URL_LENGTH, pattern="^https?://")]
EventType = Annotated[str, rule(schema_extra={"enum": [*EVENT_TYPES, "*"]})]
EventTypes = Annotated[list[EventType], rule(min_items=1)]
SecretText = Annotated[str, rule(pattern="^(whsec_)?[A-Za-z0-9+/]{32,88}={0,2}$", max_length=100)]


class WebhookIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A receiver: ``events`` are the types it gets (``*``: all); ``secret`` (``whsec_`` and
    base64 of 24-64 bytes) is generated when not given, and shown once."""

    url: UrlText
    events: EventTypes
    secret: SecretText | UnsetType = UNSET
    enabled: bool = True


class WebhookPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What to change; a new ``secret`` signs the deliveries from now on."""

    url: UrlText | UnsetType = UNSET
    events: EventTypes | UnsetType = UNSET
    secret: SecretText | UnsetType = UNSET
    enabled: bool | UnsetType = UNSET


class WebhookOut(msgspec.Struct, kw_only=True):
    id: int
    url: str
    events: list[str]
    enabled: bool
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookOut, kw_only=True):
    """The new receiver and its secret: shown this once, never again."""

    secret: str


class WebhookPage(msgspec.Struct, kw_only=True):
    items: list[WebhookOut]
    next_cursor: str | None


class DeliveryOut(msgspec.Struct, kw_only=True):
    """``status``: pending (waiting for its next try, ``next_attempt_at``), delivering,
    succeeded or failed (after its last try; redeliver it to start again)."""

    id: int
    webhook_id: int
    event_seq: int
    contact_id: int | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_status: int | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime


class DeliveryPage(msgspec.Struct, kw_only=True):
    """Newest first; ``next_cursor`` (as ``cursor``) gives the older ones."""

    items: list[DeliveryOut]
    next_cursor: str | None
