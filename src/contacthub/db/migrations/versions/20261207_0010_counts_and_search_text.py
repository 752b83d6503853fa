"""live contacts counted per organization and bot, by triggers; phones and values searchable

Watbot's ``getContacts`` answers Laravel's ``total`` on every page; it was a COUNT of the
organization's live contacts (78 ms at 1M contacts, 84x a read by id). ``contact_counts`` holds
the count per organization and bot, kept by triggers on ``contacts`` in the same transaction as
every insert, soft delete, bot change and delete (db/models/contact_count.py says why there are
slots).

SQLite: row triggers that add to slot 0 (one writer at a time). PostgreSQL: statement triggers
over the transition tables, one UPSERT per organization and bot a statement (an import of 1,000
rows is one), into the slot of the writing connection.

The search text (core/search_text.py) gains each phone's digits and each field value, and folds ё
as е: ``q`` finds a contact by a fragment of its number or a value, and "Ёлкин" by "елкин". Every
contact's text is made again here, in chunks of 2,000 (about a minute at 1M contacts).

Revision ID: 0010_counts_and_search_text
Revises: 0009_contact_search_index
Create Date: 2026-12-07 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from contacthub.db.search_index import rebuild_search_texts

revision: str = "0010_counts_and_search_text"
down_revision: str | None = "0009_contact_search_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADD_SQLITE = (
    "INSERT INTO contact_counts (org_id, bot_key, slot, live)"
    " SELECT new.org_id, COALESCE(new.bot_id, 0), 0, 1 WHERE new.deleted_at IS NULL"
    " ON CONFLICT (org_id, bot_key, slot) DO UPDATE SET live = live + 1;"
)
# An UPDATE, not an UPSERT: a row to take from exists unless the counts were emptied first (the
# tests empty every table), and a missing row must not become a negative one.
_TAKE_SQLITE = (
    "UPDATE contact_counts SET live = live - 1 WHERE old.deleted_at IS NULL"
    " AND org_id = old.org_id AND bot_key = COALESCE(old.bot_id, 0) AND slot = 0;"
)
_SQLITE_UP = (
    f"CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts BEGIN {_ADD_SQLITE} END",
    f"CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts BEGIN {_TAKE_SQLITE} END",
    "CREATE TRIGGER contact_counts_update AFTER UPDATE OF deleted_at, bot_id, org_id ON contacts"
    " WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)"
    " OR old.bot_id IS NOT new.bot_id OR old.org_id <> new.org_id"
    f" BEGIN {_TAKE_SQLITE} {_ADD_SQLITE} END",
)
_SQLITE_DOWN = (
    "DROP TRIGGER contact_counts_update",
    "DROP TRIGGER contact_counts_delete",
    "DROP TRIGGER contact_counts_insert",
)

_CHANGES = {
    "INSERT": "SELECT org_id, bot_id, deleted_at, 1 AS d FROM new_rows",
    "DELETE": "SELECT org_id, bot_id, deleted_at, -1 AS d FROM old_rows",
    "UPDATE": "SELECT org_id, bot_id, deleted_at, 1 AS d FROM new_rows"
    " UNION ALL SELECT org_id, bot_id, deleted_at, -1 FROM old_rows",
}


def _postgres_function(operation: str) -> str:
    return (
        f"CREATE FUNCTION contact_counts_{operation.lower()}() RETURNS trigger"  # noqa: S608
        " LANGUAGE plpgsql AS $$ BEGIN"
        " INSERT INTO contact_counts (org_id, bot_key, slot, live)"
        " SELECT org_id, COALESCE(bot_id, 0), pg_backend_pid() % 16, SUM(d)"
        f" FROM ({_CHANGES[operation]}) changes WHERE deleted_at IS NULL"
        " GROUP BY org_id, COALESCE(bot_id, 0) HAVING SUM(d) <> 0"
        " ON CONFLICT (org_id, bot_key, slot)"
        " DO UPDATE SET live = contact_counts.live + EXCLUDED.live;"
        " RETURN NULL; END $$"
    )


def _postgres_trigger(operation: str) -> str:
    tables = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[operation]
    name = f"contact_counts_{operation.lower()}"
    return (
        f"CREATE TRIGGER {name} AFTER {operation} ON contacts REFERENCING {tables}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


_OPERATIONS = ("INSERT", "DELETE", "UPDATE")
_POSTGRES_UP = tuple(
    statement
    for operation in _OPERATIONS
    for statement in (_postgres_function(operation), _postgres_trigger(operation))
)
_POSTGRES_DOWN = tuple(
    statement
    for operation in _OPERATIONS
    for statement in (
        f"DROP TRIGGER contact_counts_{operation.lower()} ON contacts",
        f"DROP FUNCTION contact_counts_{operation.lower()}()",
    )
)


def _search_text(parts: list[str | None]) -> str:
    """core/search_text.py's text as of this revision (a migration keeps its own copy)."""
    return "\n".join(f" {part}" for part in parts if part).casefold().replace("ё", "е")


def upgrade() -> None:
    rebuild_search_texts(op.get_bind(), _search_text)
    op.create_table(
        "contact_counts",
        sa.Column("org_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bot_key", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("live", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "bot_key", "slot", name=op.f("pk_contact_counts")),
    )
    op.execute(
        "INSERT INTO contact_counts (org_id, bot_key, slot, live)"
        " SELECT org_id, COALESCE(bot_id, 0), 0, COUNT(*) FROM contacts"
        " WHERE deleted_at IS NULL GROUP BY org_id, COALESCE(bot_id, 0)"
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_UP if sqlite else _POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _SQLITE_DOWN if sqlite else _POSTGRES_DOWN:
        op.execute(statement)
    op.drop_table("contact_counts")
