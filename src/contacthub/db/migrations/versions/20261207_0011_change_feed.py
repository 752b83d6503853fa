"""change feed: the events outbox and each organization's event counter; erase and purge

Every change is written with an event in its own transaction (core/outbox.py). ``events`` is keyed
by (org_id, seq); ``seq`` comes from the organization's row in ``event_counters``, taken just
before the commit, so an organization's events are numbered in commit order without gaps.
``contacts.erased_at`` marks an erased contact's tombstone; the partial index on ``deleted_at``
serves the server's purge of contacts past their restore window. ``contact_aliases``: the ids
and UUIDs of merged-away contacts, answering the contact that absorbed them. ``webhooks`` and
``webhook_deliveries``: receivers, and each event's delivery to each, written with the event.

Revision ID: 0011_change_feed
Revises: 0010_counts_and_search_text
Create Date: 2026-12-07 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_change_feed"
down_revision: str | None = "0010_counts_and_search_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("contact_id", _BIG_ID, nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("dialect", sa.String(length=20), nullable=False),
        sa.Column("token_id", _BIG_ID, nullable=True),
        sa.Column("user_id", _BIG_ID, nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_events_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", "seq", name=op.f("pk_events")),
    )
    op.create_index("ix_events_org_id_contact_id_seq", "events", ["org_id", "contact_id", "seq"])
    op.create_index("ix_events_created_at", "events", ["created_at"])
    op.create_table(
        "event_counters",
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_event_counters_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_event_counters")),
    )
    op.create_table(
        "contact_aliases",
        sa.Column("alias_id", _BIG_ID, autoincrement=False, nullable=False),
        sa.Column("alias_uuid", sa.String(length=36), nullable=False),
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("contact_id", _BIG_ID, nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_aliases_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_contact_aliases_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alias_id", name=op.f("pk_contact_aliases")),
        sa.UniqueConstraint("alias_uuid", name=op.f("uq_contact_aliases_alias_uuid")),
    )
    op.create_index("ix_contact_aliases_contact_id", "contact_aliases", ["contact_id"])
    _webhooks()
    # A plain ADD COLUMN (no table rebuild on SQLite: the search index's triggers stay).
    op.add_column("contacts", sa.Column("erased_at", _TIMESTAMP, nullable=True))
    deleted = sa.text("deleted_at IS NOT NULL")
    op.create_index(
        "ix_contacts_deleted_at",
        "contacts",
        ["deleted_at"],
        sqlite_where=deleted,
        postgresql_where=deleted,
    )


def _webhooks() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("events", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_webhooks_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_webhooks_org_id", "webhooks", ["org_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("org_id", _BIG_ID, nullable=False),
        sa.Column("webhook_id", _BIG_ID, nullable=False),
        sa.Column("event_seq", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", _BIG_ID, nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _TIMESTAMP, nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name=op.f("fk_webhook_deliveries_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["webhook_id"],
            ["webhooks.id"],
            name=op.f("fk_webhook_deliveries_webhook_id_webhooks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_webhook_deliveries_webhook_id_event_seq",
        "webhook_deliveries",
        ["webhook_id", "event_seq"],
        unique=True,
    )
    op.create_index("ix_webhook_deliveries_created_at", "webhook_deliveries", ["created_at"])
    waiting = sa.text("status IN ('pending', 'delivering')")
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["next_attempt_at"],
        sqlite_where=waiting,
        postgresql_where=waiting,
    )
    op.create_index(
        "ix_webhook_deliveries_webhook_id_contact_id_event_seq",
        "webhook_deliveries",
        ["webhook_id", "contact_id", "event_seq"],
        sqlite_where=waiting,
        postgresql_where=waiting,
    )


def downgrade() -> None:
    op.drop_table("webhook_deliveries")
    op.drop_table("webhooks")
    op.drop_index("ix_contact_aliases_contact_id", table_name="contact_aliases")
    op.drop_table("contact_aliases")
    op.drop_index("ix_contacts_deleted_at", table_name="contacts")
    # Both databases drop a column in place (SQLite since 3.35); a batch rebuild would drop the
    # search index's triggers with the old table.
    op.execute("ALTER TABLE contacts DROP COLUMN erased_at")
    op.drop_table("event_counters")
    op.drop_index("ix_events_created_at", table_name="events")
    op.drop_index("ix_events_org_id_contact_id_seq", table_name="events")
    op.drop_table("events")
