"""The one door to the database: a small async interface over raw drivers.

    core service --SQL text, :named params--> Connection --> sqlite3 | asyncpg

The core writes plain SQL that both SQLite and PostgreSQL understand, with ``:name`` parameters.
No ORM and no SQLAlchemy Core at run time: a lookup through them costs 5-17x the raw driver's
(measured: sqlite3 7.6 us, Core 37 us, ORM 129 us), and the hot reads are one or two lookups.
SQLAlchemy stays where it is strong: the table definitions and Alembic's migrations.

``Database.write()`` is the unit of work: one transaction, committed when the block ends without
an exception and rolled back otherwise. ``Database.read()`` is for reads.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

Params = Mapping[str, Any]
SCHEMA_MISSING = "the database has no contacthub schema yet: run `contacthub db upgrade`"
DialectName = Literal["sqlite", "postgresql"]


class Row(Protocol):
    """A result row: ``sqlite3.Row`` and ``asyncpg.Record`` both index by column name and
    iterate over their values in the statement's column order."""

    def __getitem__(self, key: str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


class IntegrityViolation(Exception):
    """A uniqueness or foreign-key rule of the schema refused a write.

    ``detail`` names the constraint or columns as the driver reported them; the core turns this
    into a domain ``Conflict`` with a message a person can act on.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Connection(Protocol):
    dialect: DialectName
    # Appended to a SELECT that reads rows a write unit is about to change: " FOR UPDATE" in a
    # PostgreSQL write unit (READ COMMITTED would let two units read the same row, then both
    # write: a lost update); empty on SQLite, whose write unit already excludes other writers,
    # and in read units.
    locking: str

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None: ...

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]: ...

    async def fetch_value(self, sql: str, params: Params | None = None) -> Any: ...

    async def execute(self, sql: str, params: Params | None = None) -> int:
        """Run a statement; answers the number of rows it changed."""
        ...

    async def execute_many(self, sql: str, rows: Sequence[Params]) -> None: ...

    def iterate(self, sql: str, params: Params | None = None) -> AsyncIterator[Row]:
        """Stream the rows of a large result without holding them all in memory."""
        ...

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows given as positional tuples: the fast path of bulk import (many rows
        per statement on SQLite, COPY on PostgreSQL). No ON CONFLICT: the caller knows the rows
        are new."""
        ...

    async def serialize(self, key: str) -> None:
        """Hold, until the unit of work ends, a lock named ``key``: units of work that take the
        same key run one after another (an upsert that finds nothing and then creates). Free on
        SQLite, whose write units already run one at a time."""
        ...

    async def reserve_ids(self, table: str, count: int) -> Sequence[int]:
        """``count`` fresh values of ``table.id`` for rows the caller inserts with explicit ids,
        inside a write unit of work (so that rows can point at each other without RETURNING)."""
        ...

    def custom_plans(self) -> AbstractAsyncContextManager[None]:
        """Plan each statement run inside for its own parameters. PostgreSQL switches a prepared
        statement to a generic plan after five runs, and the generic plan of a text search
        (``LIKE :text``: no selectivity to go by) walked the organization in id order: 900 ms
        for a rare e-mail at 1M contacts, 5-15 ms planned for its text. Nothing on SQLite."""
        ...


class Database(Protocol):
    dialect: DialectName
    url: str

    async def connect(self) -> None: ...

    async def close(self) -> None: ...

    def read(self) -> AbstractAsyncContextManager[Connection]: ...

    def write(self) -> AbstractAsyncContextManager[Connection]: ...

    async def ping(self) -> None:
        """Raise ``Unavailable`` unless the database answers."""
        ...

    async def scrub(self, tables: Sequence[str] = ()) -> None:
        """After an erase: leave no copy of deleted data where the database could. SQLite: the
        search index's old segments and the WAL (freed pages are zeroed by secure_delete).
        PostgreSQL: a VACUUM of ``tables``, those that held the person's rows, in the
        background (dead row versions stay readable in the pages until a VACUUM)."""
        ...


_NAMED_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def to_numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """Rewrite ``:name`` parameters as PostgreSQL's ``$1, $2...``; answers the names in order.

    A name used twice keeps one number. ``::type`` casts are left alone.
    """
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _NAMED_PARAM.sub(number, sql), tuple(names)


def expand_in(name: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """``IN (...)`` for a list of values, as SQL both databases take: answers the placeholder
    text (``(:ids_0, :ids_1)``) and the parameters to merge into the call."""
    params = {f"{name}_{i}": value for i, value in enumerate(values)}
    if not params:
        return "(NULL)", {}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


def glob_pattern(text: str) -> str:
    """A ``GLOB`` pattern finding ``text`` anywhere; ``*``, ``?`` and ``[`` are literal."""
    escaped = "".join(f"[{char}]" if char in "*?[" else char for char in text)
    return f"*{escaped}*"


def like_pattern(text: str) -> str:
    r"""A ``LIKE ... ESCAPE '\'`` pattern finding ``text`` anywhere; ``%`` and ``_`` are literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
