"""The native API's wire shapes of the change feed (events, their pages, a contact's history),
of duplicates and of a merge.

An event on the wire is the same in the feed, in a contact's history and (later) in a webhook's
body: ``cursor`` resumes the feed after it, ``data`` is the change (``contact.updated``:
``{"changes": {field: {"before", "after"}}}``), ``actor`` says who made it and through which API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from contacthub.core.contacts.merge import MAX_ABSORBED
from contacthub.dialects.native.wire_rules import rule


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


class DuplicateGroupOut(msgspec.Struct, kw_only=True):
    """Live contacts sharing ``value``: a number in E.164 (``phone``), an e-mail in lower case
    (``email``) or an ``external_code``; at most 100 ids shown, oldest first."""

    kind: Literal["phone", "email", "external_code"]
    value: str
    contact_ids: list[int]


class DuplicatePage(msgspec.Struct, kw_only=True):
    items: list[DuplicateGroupOut]
    next_cursor: str | None


class MergeIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The contacts to fold into this one (``from``: their ids). ``prefer``: ``survivor`` (its
    own non-empty values win; the default) or ``absorbed`` (the first absorbed contact that has
    a value wins)."""

    from_: Annotated[list[int], rule(min_items=1, max_items=MAX_ABSORBED)] = msgspec.field(
        name="from"
    )
    prefer: Literal["survivor", "absorbed"] = "survivor"
