"""imports.error_code: a failed job says why with a stable code beside its sentence

Was: a job's ``error`` was Python's exception text (``IndexError: list index out of range``);
now the sentence is for the user, the code for programs, and the traceback goes to the log.

Revision ID: 0005_import_error_code
Revises: 0004_live_contact_indexes
Create Date: 2026-12-07 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_import_error_code"
down_revision: str | None = "0004_live_contact_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as table:
        table.add_column(sa.Column("error_code", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imports") as table:
        table.drop_column("error_code")
