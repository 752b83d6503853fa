"""duplicates by e-mail on an index: contacts.email_folded, case-folded in Python

``GET /api/hub/v1/duplicates`` grouped live contacts by ``lower(email)``: no index serves that
expression, so the e-mail groups read every contact of the organization, and SQLite's lower()
folds ASCII only ("Иван@" and "иван@" were two e-mails). ``email_folded`` is the e-mail folded
as the search text folds it (core/search_text.py ``fold``: casefold, ё as е), written with the
row by every write, under a partial index of live contacts on (org_id, email_folded): the
groups are an ordered walk of that index that stops at the page's end.

Revision ID: 0012_email_folded
Revises: 0011_change_feed
Create Date: 2026-12-07 04:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_email_folded"
down_revision: str | None = "0011_change_feed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LIVE = sa.text("deleted_at IS NULL")
_BATCH = 5000


def _fold(text: str) -> str:
    """core/search_text.py's fold as of this revision (a migration keeps its own copy)."""
    return text.casefold().replace("ё", "е")


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy of the table: its FTS triggers stay as they are).
    op.add_column("contacts", sa.Column("email_folded", sa.Text(), nullable=True))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, email FROM contacts WHERE id > :last AND email IS NOT NULL"
                " AND email <> '' ORDER BY id LIMIT :batch"
            ),
            {"last": last, "batch": _BATCH},
        ).all()
        if not rows:
            break
        bind.execute(
            sa.text("UPDATE contacts SET email_folded = :folded WHERE id = :id"),
            [{"id": row.id, "folded": _fold(row.email)} for row in rows],
        )
        last = rows[-1].id
    op.create_index(
        "ix_contacts_org_id_email_folded",
        "contacts",
        ["org_id", "email_folded"],
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )


def downgrade() -> None:
    op.drop_index("ix_contacts_org_id_email_folded", table_name="contacts")
    op.drop_column("contacts", "email_folded")
