"""Statements the services share for their simple tables.

``table`` and column names always come from the code, never from a request.
"""

from __future__ import annotations

from collections.abc import Mapping

from contacthub.core import vendor_ids
from contacthub.core.scope import Scope
from contacthub.errors import NotFound


async def update_columns(
    s: Scope, table: str, record_id: int, changes: Mapping[str, object]
) -> int:
    """``UPDATE table SET ...`` for one record of the scope's organization; answers the count."""
    if not changes:
        return 0
    assignments = ", ".join(f"{column} = :{column}" for column in changes)
    return await s.execute(
        f"UPDATE {table} SET {assignments} WHERE org_id = :org AND id = :id",
        id=record_id,
        **changes,
    )


async def delete_record(s: Scope, table: str, record_id: int, what: str) -> None:
    """Delete one record of the scope's organization, or raise ``NotFound`` naming ``what``."""
    deleted = await s.execute(
        f"DELETE FROM {table} WHERE org_id = :org AND id = :id",
        id=record_id,
    )
    if deleted == 0:
        raise NotFound(f"{what} {record_id} does not exist")
    kind = vendor_ids.KIND_OF_TABLE.get(table)
    if kind is not None:
        await vendor_ids.forget(s, kind, [record_id])


async def exists(s: Scope, table: str, record_id: int) -> bool:
    row = await s.fetch_one(
        f"SELECT 1 FROM {table} WHERE org_id = :org AND id = :id",
        id=record_id,
    )
    return row is not None


# LIMIT for "no limit" that both SQLite and PostgreSQL accept as a bound parameter.
NO_LIMIT = 2**62


def window(after: int = 0, limit: int | None = None) -> dict[str, int]:
    """Parameters for ``id > :after ORDER BY id LIMIT :limit`` (keyset pages)."""
    return {"after": after, "limit": NO_LIMIT if limit is None else limit}
