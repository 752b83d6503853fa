"""live contacts counted by id range too: a numbered page finds where it starts

A numbered page (Watbot's ``getContacts?page=``) was an OFFSET: the index walked up to the page,
25,000 pages deep the middle of 1M contacts (227 ms on PostgreSQL, 64x a read by id), and a
client that pages through a whole store walks it once per page. ``contact_counts`` gains
``id_range`` (a contact's id >> 12: ranges of 4,096 ids), so the counts say in which range the
page's first contact lies and how many live contacts come before it; the page is then a walk of
at most one range. The sum of an organization's rows is still its count.

The triggers of migration 0010 group by the range too; SQLite's update trigger also follows an
id change (none of contacthub's writes changes an id, but a count must not depend on that).

Revision ID: 0014_counts_by_id_range
Revises: 0013_reference_aliases
Create Date: 2026-12-07 06:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_counts_by_id_range"
down_revision: str | None = "0013_reference_aliases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPERATIONS = ("INSERT", "DELETE", "UPDATE")
# The key columns after (org_id, bot_key): slot, and the id range from this revision on.
_RANGE = "id >> 12"


def _sqlite_triggers(ranged: bool) -> tuple[str, ...]:
    """The row triggers of migration 0010, by id range when ``ranged``."""
    key = "org_id, bot_key, id_range, slot" if ranged else "org_id, bot_key, slot"
    add = (
        f"INSERT INTO contact_counts ({key}, live)"
        " SELECT new.org_id, COALESCE(new.bot_id, 0),"
        + (" new.id >> 12," if ranged else "")
        + f" 0, 1 WHERE new.deleted_at IS NULL ON CONFLICT ({key}) DO UPDATE SET live = live + 1;"
    )
    # An UPDATE, not an UPSERT: a row to take from exists unless the counts were emptied first
    # (the tests empty every table), and a missing row must not become a negative one.
    in_range = " AND id_range = old.id >> 12" if ranged else ""
    take = (
        "UPDATE contact_counts SET live = live - 1 WHERE old.deleted_at IS NULL"  # noqa: S608
        f" AND org_id = old.org_id AND bot_key = COALESCE(old.bot_id, 0){in_range} AND slot = 0;"
    )
    columns = "id, deleted_at, bot_id, org_id" if ranged else "deleted_at, bot_id, org_id"
    moved = " OR old.id >> 12 <> new.id >> 12" if ranged else ""
    return (
        f"CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts BEGIN {add} END",
        f"CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts BEGIN {take} END",
        f"CREATE TRIGGER contact_counts_update AFTER UPDATE OF {columns} ON contacts"
        " WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)"
        f" OR old.bot_id IS NOT new.bot_id OR old.org_id <> new.org_id{moved}"
        f" BEGIN {take} {add} END",
    )


def _postgres_triggers(ranged: bool) -> tuple[str, ...]:
    """Statement triggers over the transition tables, one UPSERT per organization, bot (and id
    range) a statement, into the slot of the writing connection (db/models/contact_count.py)."""
    changes = {
        "INSERT": "SELECT org_id, bot_id, id, deleted_at, 1 AS d FROM new_rows",
        "DELETE": "SELECT org_id, bot_id, id, deleted_at, -1 AS d FROM old_rows",
        "UPDATE": "SELECT org_id, bot_id, id, deleted_at, 1 AS d FROM new_rows"
        " UNION ALL SELECT org_id, bot_id, id, deleted_at, -1 FROM old_rows",
    }
    tables = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }
    key = "org_id, bot_key, id_range, slot" if ranged else "org_id, bot_key, slot"
    grouped = f"org_id, COALESCE(bot_id, 0){f', {_RANGE}' if ranged else ''}"
    statements: list[str] = []
    for operation in _OPERATIONS:
        name = f"contact_counts_{operation.lower()}"
        statements += [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"  # noqa: S608
            f" INSERT INTO contact_counts ({key}, live)"
            f" SELECT {grouped}, pg_backend_pid() % 16, SUM(d)"
            f" FROM ({changes[operation]}) changes WHERE deleted_at IS NULL"
            f" GROUP BY {grouped} HAVING SUM(d) <> 0"
            f" ON CONFLICT ({key}) DO UPDATE SET live = contact_counts.live + EXCLUDED.live;"
            " RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {operation} ON contacts REFERENCING {tables[operation]}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return tuple(statements)


def _drop_triggers(sqlite: bool) -> None:
    for operation in _OPERATIONS:
        name = f"contact_counts_{operation.lower()}"
        if sqlite:
            op.execute(f"DROP TRIGGER {name}")
        else:
            op.execute(f"DROP TRIGGER {name} ON contacts")
            op.execute(f"DROP FUNCTION {name}()")


def _counts_table(ranged: bool) -> None:
    """The table made anew and filled from the live contacts (a GROUP BY: seconds at 1M)."""
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    key = ["org_id", "bot_key", *(["id_range"] if ranged else []), "slot"]
    op.drop_table("contact_counts")
    op.create_table(
        "contact_counts",
        sa.Column("org_id", big_id, nullable=False),
        sa.Column("bot_key", big_id, nullable=False),
        *([sa.Column("id_range", big_id, nullable=False)] if ranged else []),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("live", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_contact_counts")),
    )
    grouped = f"org_id, COALESCE(bot_id, 0){f', {_RANGE}' if ranged else ''}"
    op.execute(
        f"INSERT INTO contact_counts ({', '.join(key)}, live)"  # noqa: S608
        f" SELECT {grouped}, 0, COUNT(*) FROM contacts WHERE deleted_at IS NULL GROUP BY {grouped}"
    )


def _rebuild(ranged: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_triggers(sqlite)
    _counts_table(ranged)
    for statement in _sqlite_triggers(ranged) if sqlite else _postgres_triggers(ranged):
        op.execute(statement)


def upgrade() -> None:
    _rebuild(ranged=True)


def downgrade() -> None:
    _rebuild(ranged=False)
