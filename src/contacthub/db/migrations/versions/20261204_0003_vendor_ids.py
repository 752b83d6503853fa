"""vendor ids: the ids other systems gave contacts, bots, bases, lists and fields

Revision ID: 0003_vendor_ids
Revises: 0002_bulk
Create Date: 2026-12-04 05:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_vendor_ids"
down_revision: str | None = "0002_bulk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "vendor_ids",
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", _BIG_ID, nullable=False),
        sa.Column("system", sa.String(length=32), nullable=False),
        sa.Column("vendor_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_vendor_ids_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "org_id", "kind", "record_id", "system", name=op.f("pk_vendor_ids")
        ),
    )
    op.create_index(
        "uq_vendor_ids_org_id_kind_system_vendor_id",
        "vendor_ids",
        ["org_id", "kind", "system", "vendor_id"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_vendor_ids_org_id_kind_system_vendor_id", table_name="vendor_ids")
    op.drop_table("vendor_ids")
