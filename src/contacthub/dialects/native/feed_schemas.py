"""The native API's wire shapes of the change feed: events, their pages, a contact's history.

An event on the wire is the same in the feed, in a contact's history and (later) in a webhook's
body: ``cursor`` resumes the feed after it, ``data`` is the change (``contact.updated``:
``{"changes": {field: {"before", "after"}}}``), ``actor`` says who made it and through which API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class EventActorOut(msgspec.Struct, kw_only=True):
    """``dialect``: the API the change came through (``native``, ``watbot``, ``obzvonilka``,
    ``twin``, ``plusofon``; ``operator`` for the CLI and the server's own jobs)."""

    dialect: str
    token_id: int | None
    user_id: int | None
    request_id: str | None


class EventOut(msgspec.Struct, kw_only=True):
    cursor: str
    seq: int
    type: str
    contact_id: int | None
    data: dict[str, Any]
    actor: EventActorOut
    created_at: datetime


class EventPage(msgspec.Struct, kw_only=True):
    """``next_cursor`` is always given: pass it as ``after`` to get what came since (the same
    cursor again when nothing did). ``has_more``: more events are there already."""

    items: list[EventOut]
    next_cursor: str
    has_more: bool


class HistoryPage(msgspec.Struct, kw_only=True):
    """Newest first; ``next_cursor`` (pass it as ``before``) gives the older ones."""

    items: list[EventOut]
    next_cursor: str | None
