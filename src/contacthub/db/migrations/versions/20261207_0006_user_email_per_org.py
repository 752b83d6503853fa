"""users: an e-mail is unique per organization, not across all of them

A unique e-mail across organizations made creating or renaming a user tell one organization that
an address had an account in another (409 email_taken): a leak across the tenant wall, and a
person could not have accounts in two organizations. Logins find the e-mail's accounts by the
new (email) index and pick one by password and, for TWIN, ``companyId``.

Revision ID: 0006_user_email_per_org
Revises: 0005_import_error_code
Create Date: 2026-12-07 01:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_user_email_per_org"
down_revision: str | None = "0005_import_error_code"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as table:
        table.drop_constraint("uq_users_email", type_="unique")
        table.create_unique_constraint("uq_users_org_id_email", ["org_id", "email"])
        table.create_index("ix_users_email", ["email"])


def downgrade() -> None:
    with op.batch_alter_table("users") as table:
        table.drop_index("ix_users_email")
        table.drop_constraint("uq_users_org_id_email", type_="unique")
        table.create_unique_constraint("uq_users_email", ["email"])
