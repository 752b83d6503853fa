"""Tags: labels unique by name in an organization, and which contacts carry them.

Attaching a tag by a name that does not exist yet creates it (the chatbot API works that way).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import msgspec

from contacthub.core.principal import AdminAction
from contacthub.core.records import delete_record, window
from contacthub.core.scope import Scope
from contacthub.core.validation import required_text
from contacthub.db.database import IntegrityViolation, Row, expand_in
from contacthub.errors import Conflict, NotFound

MAX_TAG_LENGTH = 255
_COLUMNS = "t.id, t.name, t.created_at"


class Tag(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    created_at: datetime


def _from_row(row: Row) -> Tag:
    return Tag(id=row["id"], name=row["name"], created_at=row["created_at"])


def clean_tag_name(name: str | None) -> str:
    return required_text("name", name, max_length=MAX_TAG_LENGTH)


async def list_tags(
    s: Scope, *, bot_id: int | None = None, after: int = 0, limit: int | None = None
) -> list[Tag]:
    """The organization's tags by id; with ``bot_id``, those carried by that bot's contacts."""
    only_bot = ""
    params = window(after, limit)
    if bot_id is not None:
        only_bot = (
            " AND EXISTS (SELECT 1 FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id"
            " WHERE ct.org_id = :org AND ct.tag_id = t.id AND c.bot_id = :bot"
            " AND c.deleted_at IS NULL)"
        )
        params["bot"] = bot_id
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM tags t WHERE t.org_id = :org AND t.id > :after{only_bot}"
        " ORDER BY t.id LIMIT :limit",
        **params,
    )
    return [_from_row(row) for row in rows]


async def get_tag(s: Scope, tag_id: int) -> Tag:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM tags t WHERE t.org_id = :org AND t.id = :id", id=tag_id
    )
    if row is None:
        raise NotFound(f"tag {tag_id} does not exist")
    return _from_row(row)


async def find_tag(s: Scope, name: str) -> Tag | None:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM tags t WHERE t.org_id = :org AND t.name = :name",
        name=name.strip(),
    )
    return None if row is None else _from_row(row)


async def create_tag(s: Scope, name: str) -> Tag:
    clean = clean_tag_name(name)
    try:
        row = await s.fetch_one(
            "INSERT INTO tags (org_id, name, created_at) VALUES (:org, :name, :now)"
            " RETURNING id, name, created_at",
            name=clean,
            now=s.now(),
        )
    except IntegrityViolation:
        raise Conflict(f"a tag named {clean!r} already exists", code="tag_exists") from None
    assert row is not None
    return _from_row(row)


async def rename_tag(s: Scope, tag_id: int, name: str) -> Tag:
    clean = clean_tag_name(name)
    before = await get_tag(s, tag_id)
    try:
        changed = await s.execute(
            "UPDATE tags SET name = :name WHERE org_id = :org AND id = :id", id=tag_id, name=clean
        )
    except IntegrityViolation:
        raise Conflict(f"a tag named {clean!r} already exists", code="tag_exists") from None
    if changed == 0:
        raise NotFound(f"tag {tag_id} does not exist")
    if before.name != clean:
        # Every contact carrying it now shows the new name: one event says so for all.
        s.emit("tag.renamed", None, {"tag": {"id": tag_id, "before": before.name, "after": clean}})
    return await get_tag(s, tag_id)


async def delete_tag(s: Scope, tag_id: int) -> None:
    """Delete the tag; it comes off every contact."""
    s.require(AdminAction.DELETE_TAGS)
    tag = await get_tag(s, tag_id)
    await delete_record(s, "tags", tag_id, "tag")
    s.emit("tag.deleted", None, {"tag": {"id": tag_id, "name": tag.name}})


async def ensure_tags(s: Scope, names: Iterable[str]) -> dict[str, int]:
    """The ids of these tags, creating the missing ones (safe against concurrent creators)."""
    # Sorted: concurrent writers then take index locks in one order and cannot deadlock.
    clean = sorted({clean_tag_name(name) for name in names})
    if not clean:
        return {}
    now = s.now()
    await s.execute_many(
        "INSERT INTO tags (org_id, name, created_at) VALUES (:org, :name, :now)"
        " ON CONFLICT (org_id, name) DO NOTHING",
        [{"name": name, "now": now} for name in clean],
    )
    placeholders, params = expand_in("name", clean)
    rows = await s.fetch_all(
        f"SELECT id, name FROM tags WHERE org_id = :org AND name IN {placeholders}", **params
    )
    return {row["name"]: row["id"] for row in rows}


async def tags_of_contact(s: Scope, contact_id: int) -> list[Tag]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
        " WHERE ct.org_id = :org AND ct.contact_id = :contact ORDER BY t.name, t.id",
        contact=contact_id,
    )
    return [_from_row(row) for row in rows]


async def tag_names_of_contacts(s: Scope, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    if not contact_ids:
        return {}
    placeholders, params = expand_in("contact", contact_ids)
    rows = await s.fetch_all(
        "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
        f" WHERE ct.org_id = :org AND ct.contact_id IN {placeholders} ORDER BY t.name",
        **params,
    )
    names: dict[int, list[str]] = {contact_id: [] for contact_id in contact_ids}
    for row in rows:
        names[row["contact_id"]].append(row["name"])
    return names


async def attach_tags(s: Scope, contact_id: int, tag_ids: Iterable[int]) -> None:
    """Put tags on a contact; a tag it already carries is left as it is. The caller has checked
    that the contact and the tags are the scope's."""
    now = s.now()
    await s.execute_many(
        "INSERT INTO contact_tags (contact_id, tag_id, org_id, created_at)"
        " VALUES (:contact, :tag, :org, :now) ON CONFLICT (contact_id, tag_id) DO NOTHING",
        [{"contact": contact_id, "tag": tag_id, "now": now} for tag_id in sorted(set(tag_ids))],
    )


async def detach_tag(s: Scope, contact_id: int, tag_id: int) -> bool:
    """Take a tag off a contact; answers whether it was on."""
    removed = await s.execute(
        "DELETE FROM contact_tags WHERE org_id = :org AND contact_id = :contact AND tag_id = :tag",
        contact=contact_id,
        tag=tag_id,
    )
    return removed > 0


async def replace_contact_tags(s: Scope, contact_id: int, names: Iterable[str]) -> None:
    ids = await ensure_tags(s, names)
    await s.execute(
        "DELETE FROM contact_tags WHERE org_id = :org AND contact_id = :contact",
        contact=contact_id,
    )
    await attach_tags(s, contact_id, ids.values())
