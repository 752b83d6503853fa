"""session families: a login keeps every token pair renewed from it, and ends as one

Was: a session was one row whose tokens a refresh overwrote, so the old access token died at once
and a refresh token presented twice was simply unknown. TWIN's SDK, run by several workers sharing
one pair, failed on both (issue 20). Now ``session_families`` is the login (ended by a logout, a
reused refresh token or a password change) and ``user_sessions`` holds each of its pairs: when its
refresh token was used (``rotated_at``), the pair that renewed it (``parent_id``, unique) and the
seed that pair was derived from. Every existing session becomes a family of one pair, same id.

Revision ID: 0007_session_families
Revises: 0006_user_email_per_org
Create Date: 2026-12-07 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_session_families"
down_revision: str | None = "0006_user_email_per_org"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TIMESTAMP = sa.DateTime(timezone=True)
# SQLite's batch mode rebuilds the table; AUTOINCREMENT must survive it (ids never reused).
_SQLITE_TABLE = {"sqlite_autoincrement": True}


def _restart_family_ids() -> None:
    """After rows were copied in with their ids, PostgreSQL's sequence continues past them."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('session_families', 'id'),"
            " COALESCE((SELECT MAX(id) FROM session_families), 0) + 1, false)"
        )


def upgrade() -> None:
    op.create_table(
        "session_families",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("user_id", _BIG_ID, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("ended_at", _TIMESTAMP, nullable=True),
        sa.Column("end_reason", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_session_families_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_session_families_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_families")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_session_families_user_id", "session_families", ["user_id"])
    op.execute(
        "INSERT INTO session_families (id, org_id, user_id, created_at, ended_at, end_reason)"
        " SELECT id, org_id, user_id, created_at, revoked_at,"
        " CASE WHEN revoked_at IS NULL THEN NULL ELSE 'logout' END FROM user_sessions"
    )
    _restart_family_ids()

    with op.batch_alter_table("user_sessions", table_kwargs=_SQLITE_TABLE) as table:
        table.add_column(sa.Column("family_id", _BIG_ID, nullable=True))
        table.add_column(sa.Column("parent_id", _BIG_ID, nullable=True))
        table.add_column(sa.Column("seed", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("rotated_at", _TIMESTAMP, nullable=True))
    op.execute("UPDATE user_sessions SET family_id = id")
    with op.batch_alter_table("user_sessions", table_kwargs=_SQLITE_TABLE) as table:
        table.alter_column("family_id", existing_type=_BIG_ID, nullable=False)
        table.create_foreign_key(
            "fk_user_sessions_family_id_session_families",
            "session_families",
            ["family_id"],
            ["id"],
            ondelete="CASCADE",
        )
        table.create_foreign_key(
            "fk_user_sessions_parent_id_user_sessions",
            "user_sessions",
            ["parent_id"],
            ["id"],
            ondelete="SET NULL",
        )
        table.create_unique_constraint("uq_user_sessions_parent_id", ["parent_id"])
        table.create_index("ix_user_sessions_family_id", ["family_id"])
        table.drop_index("ix_user_sessions_user_id")
        table.drop_constraint("fk_user_sessions_user_id_users", type_="foreignkey")
        table.drop_column("user_id")
        table.drop_column("revoked_at")


def downgrade() -> None:
    # Back to one row a session: each family keeps its newest pair (the one not yet renewed).
    op.execute(
        "DELETE FROM user_sessions WHERE rotated_at IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM user_sessions newer WHERE newer.parent_id = user_sessions.id)"
    )
    with op.batch_alter_table("user_sessions", table_kwargs=_SQLITE_TABLE) as table:
        table.add_column(sa.Column("user_id", _BIG_ID, nullable=True))
        table.add_column(sa.Column("revoked_at", _TIMESTAMP, nullable=True))
    op.execute(
        "UPDATE user_sessions SET"
        " user_id = (SELECT f.user_id FROM session_families f"
        " WHERE f.id = user_sessions.family_id),"
        " revoked_at = (SELECT f.ended_at FROM session_families f"
        " WHERE f.id = user_sessions.family_id)"
    )
    with op.batch_alter_table("user_sessions", table_kwargs=_SQLITE_TABLE) as table:
        table.alter_column("user_id", existing_type=_BIG_ID, nullable=False)
        table.create_foreign_key(
            "fk_user_sessions_user_id_users", "users", ["user_id"], ["id"], ondelete="CASCADE"
        )
        table.create_index("ix_user_sessions_user_id", ["user_id"])
        table.drop_index("ix_user_sessions_family_id")
        table.drop_constraint("uq_user_sessions_parent_id", type_="unique")
        table.drop_constraint("fk_user_sessions_parent_id_user_sessions", type_="foreignkey")
        table.drop_constraint("fk_user_sessions_family_id_session_families", type_="foreignkey")
        table.drop_column("rotated_at")
        table.drop_column("seed")
        table.drop_column("parent_id")
        table.drop_column("family_id")
    op.drop_index("ix_session_families_user_id", table_name="session_families")
    op.drop_table("session_families")
