"""reference aliases: absorbed and deleted records' vendor ids, absorbed contacts' external codes

``vendor_id_aliases``: a vendor id that is no longer a record's own still names it. A merge
keeps each absorbed contact's vendor ids (the survivor has its own in that system) as aliases of
the survivor; a delete keeps the deleted record's, so that a stored vendor id answers "no such
record" instead of falling back to the hub id of another record (core/vendor_ids.py).
``contact_aliases.alias_code``: the external code an absorbed contact had, so that it answers the
survivor after the absorbed row is purged. The codes of aliases whose absorbed row is still kept
are copied; vendor ids let go before this revision are gone and cannot be recovered.

Revision ID: 0013_reference_aliases
Revises: 0012_email_folded
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_reference_aliases"
down_revision: str | None = "0012_email_folded"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "vendor_id_aliases",
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("system", sa.String(length=32), nullable=False),
        sa.Column("vendor_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", _BIG_ID, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_vendor_id_aliases_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "org_id", "kind", "system", "vendor_id", name=op.f("pk_vendor_id_aliases")
        ),
    )
    op.create_index(
        "ix_vendor_id_aliases_org_id_kind_record_id",
        "vendor_id_aliases",
        ["org_id", "kind", "record_id"],
    )
    # A plain ADD COLUMN (no table rebuild on SQLite).
    op.add_column("contact_aliases", sa.Column("alias_code", sa.String(length=255), nullable=True))
    op.execute(
        "UPDATE contact_aliases SET alias_code = (SELECT c.external_code FROM contacts c"
        " WHERE c.id = contact_aliases.alias_id AND c.erased_at IS NULL"
        " AND c.external_code <> '')"
    )
    op.create_index(
        "ix_contact_aliases_org_id_alias_code", "contact_aliases", ["org_id", "alias_code"]
    )


def downgrade() -> None:
    op.drop_index("ix_contact_aliases_org_id_alias_code", table_name="contact_aliases")
    op.drop_column("contact_aliases", "alias_code")
    op.drop_index("ix_vendor_id_aliases_org_id_kind_record_id", table_name="vendor_id_aliases")
    op.drop_table("vendor_id_aliases")
