"""indexes for lookups that walked the organization: messenger ids, an export's phone slots

At 1M contacts (SQLite): a Watbot ``createOrUpdateContact`` or a list filtered by
``telegram_id`` (``viber_id``, ``vk_id``) walked every contact of the organization; an export
counted every contact's phones to size its phone columns (1 s on the event loop before the
first byte). Partial on the messenger ids: most contacts have none.

Revision ID: 0008_lookup_indexes
Revises: 0007_session_families
Create Date: 2026-12-07 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_lookup_indexes"
down_revision: str | None = "0007_session_families"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MESSENGER_IDS = ("telegram_id", "viber_id", "vk_id")


def upgrade() -> None:
    for column in _MESSENGER_IDS:
        present = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            f"ix_contacts_org_id_{column}",
            "contacts",
            ["org_id", column],
            sqlite_where=present,
            postgresql_where=present,
        )
    beyond_first = sa.text("position > 0")
    op.create_index(
        "ix_contact_phones_org_id_position",
        "contact_phones",
        ["org_id", "position"],
        sqlite_where=beyond_first,
        postgresql_where=beyond_first,
    )


def downgrade() -> None:
    op.drop_index("ix_contact_phones_org_id_position", table_name="contact_phones")
    for column in _MESSENGER_IDS:
        op.drop_index(f"ix_contacts_org_id_{column}", table_name="contacts")
