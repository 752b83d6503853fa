"""Contact bases: a dialer's lists of whom to call. A contact belongs to at most one base."""

from __future__ import annotations

from datetime import datetime

import msgspec
from msgspec import UNSET, UnsetType

from contacthub.core.principal import AdminAction
from contacthub.core.records import delete_record, update_columns, window
from contacthub.core.scope import Scope
from contacthub.core.validation import optional_text, required_text
from contacthub.db.database import Row
from contacthub.errors import NotFound

_COLUMNS = (
    "id, name, remark, deleted, select_from_last, use_predictive_call, parser_name,"
    " parser_settings, auto_open_window_params, created_at"
)


class ContactBase(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    remark: str | None
    deleted: bool
    select_from_last: bool
    use_predictive_call: bool
    parser_name: str | None
    parser_settings: str | None
    auto_open_window_params: str | None
    created_at: datetime


class BaseDraft(msgspec.Struct, kw_only=True):
    """Fields to set; ``UNSET`` leaves a field as it is (on update)."""

    name: str | UnsetType = UNSET
    remark: str | UnsetType | None = UNSET
    deleted: bool | UnsetType = UNSET
    select_from_last: bool | UnsetType = UNSET
    use_predictive_call: bool | UnsetType = UNSET
    parser_name: str | UnsetType | None = UNSET
    parser_settings: str | UnsetType | None = UNSET
    auto_open_window_params: str | UnsetType | None = UNSET


MAX_NAME_LENGTH = 255
TEXT_LIMITS = {
    "remark": 10_000,
    "parser_name": 255,
    "parser_settings": 100_000,
    "auto_open_window_params": 100_000,
}
_FLAGS = ("deleted", "select_from_last", "use_predictive_call")


def _from_row(row: Row) -> ContactBase:
    return ContactBase(
        id=row["id"],
        name=row["name"],
        remark=row["remark"],
        deleted=bool(row["deleted"]),
        select_from_last=bool(row["select_from_last"]),
        use_predictive_call=bool(row["use_predictive_call"]),
        parser_name=row["parser_name"],
        parser_settings=row["parser_settings"],
        auto_open_window_params=row["auto_open_window_params"],
        created_at=row["created_at"],
    )


def _changes(draft: BaseDraft) -> dict[str, object]:
    changes: dict[str, object] = {}
    if not isinstance(draft.name, UnsetType):
        changes["name"] = required_text("name", draft.name, max_length=MAX_NAME_LENGTH)
    for column, limit in TEXT_LIMITS.items():
        value = getattr(draft, column)
        if not isinstance(value, UnsetType):
            changes[column] = optional_text(column, value, max_length=limit)
    for column in _FLAGS:
        value = getattr(draft, column)
        if not isinstance(value, UnsetType):
            changes[column] = bool(value)
    return changes


async def create_base(s: Scope, draft: BaseDraft) -> ContactBase:
    values: dict[str, object] = {
        "name": None,
        **dict.fromkeys(TEXT_LIMITS),
        **dict.fromkeys(_FLAGS, False),
    }
    if isinstance(draft.name, UnsetType):
        required_text("name", None, max_length=MAX_NAME_LENGTH)
    values.update(_changes(draft))
    columns = ", ".join(values)
    placeholders = ", ".join(f":{column}" for column in values)
    row = await s.fetch_one(
        f"INSERT INTO contact_bases (org_id, {columns}, created_at)"
        f" VALUES (:org, {placeholders}, :now) RETURNING {_COLUMNS}",
        now=s.now(),
        **values,
    )
    assert row is not None
    return _from_row(row)


async def get_base(s: Scope, base_id: int) -> ContactBase:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM contact_bases WHERE org_id = :org AND id = :id", id=base_id
    )
    if row is None:
        raise NotFound(f"contact base {base_id} does not exist")
    return _from_row(row)


async def list_bases(s: Scope, *, after: int = 0, limit: int | None = None) -> list[ContactBase]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM contact_bases WHERE org_id = :org AND id > :after"
        " ORDER BY id LIMIT :limit",
        **window(after, limit),
    )
    return [_from_row(row) for row in rows]


async def update_base(s: Scope, base_id: int, draft: BaseDraft) -> ContactBase:
    changes = _changes(draft)
    if changes and await update_columns(s, "contact_bases", base_id, changes) == 0:
        raise NotFound(f"contact base {base_id} does not exist")
    return await get_base(s, base_id)


async def delete_base(s: Scope, base_id: int) -> None:
    """Delete the base; its contacts stay, in no base."""
    s.require(AdminAction.DELETE_BASES)
    await delete_record(s, "contact_bases", base_id, "contact base")
