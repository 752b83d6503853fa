"""A contact's history on its page: the change feed's events, newest first, in words.

    feed.contact_history (the same core call as the native GET /contacts/{ref}/history)
        -> Shown: when, what happened, each field before -> after, who (user or API token)
           and through which API (native, watbot, ..., ui; operator: the CLI or the server)

Paged by keyset like the native route: ``before`` is the cursor of the oldest event shown, so a
page of older changes is one indexed read however long the history is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contacthub.core import feed, tokens, users
from contacthub.core.contacts.model import REFERENCE_COLUMNS
from contacthub.core.pagination import decode_cursor, encode_cursor
from contacthub.core.scope import Scope
from contacthub.errors import NotFound

HISTORY_PAGE = 20
# The event types a contact's history holds, and the state's fields that are not text columns:
# each has a message ``event.<type>`` / ``field.<name>`` in both catalogs (tests/ui/test_i18n.py).
CONTACT_EVENTS = tuple(kind for kind in feed.EVENT_TYPES if kind.startswith("contact."))
OTHER_FIELDS = (*REFERENCE_COLUMNS, "phones", "tags", "fields", "vendor_ids")
_NOT_SHOWN = frozenset({"id", "uuid"})  # a created contact's ids: the page says them already


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Shown:
    """One event as the page shows it."""

    type: str
    at: datetime
    dialect: str
    who: str  # the user's e-mail, the token's label (or prefix), or "" (the operator)
    changes: list[Change]
    absorbed: list[int]  # a merge's absorbed contacts


@dataclass(frozen=True, slots=True)
class History:
    items: list[Shown]
    older: str | None  # the cursor of the next (older) page


def text_of(value: Any) -> str:
    """A field's value as one line: phones with their E.164 and remark, lists and maps joined."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, list):
        return "; ".join(_item(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{name}: {text_of(inner)}" for name, inner in value.items())
    return str(value)


def _item(item: Any) -> str:
    if isinstance(item, dict) and "e164" in item:  # a phone
        shown = str(item.get("number") or item["e164"])
        if item.get("e164") and item["e164"] != shown:
            shown += f" ({item['e164']})"
        return shown + (f" — {item['remark']}" if item.get("remark") else "")
    return text_of(item)


def changes_of(event: feed.Event) -> list[Change]:
    """The fields an event changed, before and after (a creation: what it was created with)."""
    data = event.payload
    if event.type == "contact.created":
        created = data.get("contact") or {}
        return [
            Change(name, "", text_of(value))
            for name, value in created.items()
            if name not in _NOT_SHOWN and text_of(value)
        ]
    changed = data.get("changes") or {}
    return [
        Change(name, text_of(diff.get("before")), text_of(diff.get("after")))
        for name, diff in changed.items()
        if isinstance(diff, dict)
    ]


async def _names(s: Scope, events: list[feed.Event]) -> dict[tuple[str, int], str]:
    """Who made each change: the users' e-mails and the tokens' labels (a removed one: #id)."""
    names: dict[tuple[str, int], str] = {}
    for event in events:
        actor = event.actor
        if actor.user_id is not None and ("user", actor.user_id) not in names:
            try:
                names["user", actor.user_id] = (await users.get_user(s, actor.user_id)).email
            except NotFound:
                names["user", actor.user_id] = f"#{actor.user_id}"
        if actor.token_id is not None and ("token", actor.token_id) not in names:
            try:
                token = await tokens.get_token(s, actor.token_id)
                names["token", actor.token_id] = token.label or f"{token.prefix}…"
            except NotFound:
                names["token", actor.token_id] = f"#{actor.token_id}"
    return names


async def history_of(s: Scope, contact_id: int, before: str | None) -> History:
    """A page of the contact's history, newest first, older than the cursor ``before``."""
    older_than = decode_cursor(before) if before else None
    found = await feed.contact_history(s, contact_id, before=older_than, limit=HISTORY_PAGE + 1)
    events = found[:HISTORY_PAGE]
    names = await _names(s, events)
    items = []
    for event in events:
        actor = event.actor
        who = ""
        if actor.user_id is not None:
            who = names["user", actor.user_id]
        elif actor.token_id is not None:
            who = names["token", actor.token_id]
        absorbed = event.payload.get("absorbed") if event.type == "contact.merged" else None
        items.append(
            Shown(
                type=event.type,
                at=event.created_at,
                dialect=actor.dialect,
                who=who,
                changes=changes_of(event),
                absorbed=[int(i) for i in absorbed or []],
            )
        )
    more = len(found) > HISTORY_PAGE and events
    return History(items=items, older=encode_cursor(events[-1].seq) if more else None)
