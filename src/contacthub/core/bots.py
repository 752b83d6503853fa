"""Bots: Watbot's ``bot_id``. A contact may come from a bot; deleting a bot keeps its contacts."""

from __future__ import annotations

from datetime import datetime

import msgspec

from contacthub.core.principal import AdminAction
from contacthub.core.records import delete_record, update_columns, window
from contacthub.core.scope import Scope
from contacthub.core.validation import required_text
from contacthub.db.database import Row
from contacthub.errors import NotFound

MAX_NAME_LENGTH = 255
_COLUMNS = "id, name, created_at"


class Bot(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    created_at: datetime


def _from_row(row: Row) -> Bot:
    return Bot(id=row["id"], name=row["name"], created_at=row["created_at"])


async def create_bot(s: Scope, name: str) -> Bot:
    row = await s.fetch_one(
        "INSERT INTO bots (org_id, name, created_at) VALUES (:org, :name, :now)"
        f" RETURNING {_COLUMNS}",
        name=required_text("name", name, max_length=MAX_NAME_LENGTH),
        now=s.now(),
    )
    assert row is not None
    return _from_row(row)


async def get_bot(s: Scope, bot_id: int) -> Bot:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM bots WHERE org_id = :org AND id = :id", id=bot_id
    )
    if row is None:
        raise NotFound(f"bot {bot_id} does not exist")
    return _from_row(row)


async def list_bots(s: Scope, *, after: int = 0, limit: int | None = None) -> list[Bot]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM bots WHERE org_id = :org AND id > :after ORDER BY id LIMIT :limit",
        **window(after, limit),
    )
    return [_from_row(row) for row in rows]


async def rename_bot(s: Scope, bot_id: int, name: str) -> Bot:
    clean = required_text("name", name, max_length=MAX_NAME_LENGTH)
    if await update_columns(s, "bots", bot_id, {"name": clean}) == 0:
        raise NotFound(f"bot {bot_id} does not exist")
    return await get_bot(s, bot_id)


async def delete_bot(s: Scope, bot_id: int) -> None:
    s.require(AdminAction.DELETE_BOTS)
    await delete_record(s, "bots", bot_id, "bot")
