"""Organizations (tenants). Created by an operator through the CLI, never through the API."""

from __future__ import annotations

from datetime import datetime

import msgspec

from contacthub.core import tokens
from contacthub.core.principal import AdminAction
from contacthub.core.scope import Hub, Scope
from contacthub.core.validation import required_text
from contacthub.db.database import Row
from contacthub.errors import NotFound


class Organization(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    created_at: datetime


class NewOrganization(msgspec.Struct, frozen=True, kw_only=True):
    organization: Organization
    token: tokens.NewToken


def _from_row(row: Row) -> Organization:
    return Organization(id=row["id"], name=row["name"], created_at=row["created_at"])


async def create_organization(
    hub: Hub,
    name: str,
    *,
    token_label: str = "default",  # noqa: S107
) -> NewOrganization:
    """A new organization with its first API token (the secret is in the answer, and only there)."""
    clean = required_text("name", name, max_length=255)
    async with hub.db.write() as conn:
        row = await conn.fetch_one(
            "INSERT INTO organizations (name, created_at) VALUES (:name, :now)"
            " RETURNING id, name, created_at",
            {"name": clean, "now": hub.env.clock()},
        )
        assert row is not None
        organization = _from_row(row)
        token = await tokens.create_token(Scope(conn, organization.id, hub.env), label=token_label)
    return NewOrganization(organization=organization, token=token)


async def get_organization(s: Scope) -> Organization:
    row = await s.fetch_one("SELECT id, name, created_at FROM organizations WHERE id = :org")
    if row is None:
        raise NotFound("the organization does not exist")
    return _from_row(row)


async def rename_organization(s: Scope, name: str) -> Organization:
    """Give the organization a new name (administrators only)."""
    s.require(AdminAction.RENAME_ORGANIZATION)
    clean = required_text("name", name, max_length=255)
    await s.execute("UPDATE organizations SET name = :name WHERE id = :org", name=clean)
    return await get_organization(s)


async def list_organizations(hub: Hub) -> list[Organization]:
    async with hub.db.read() as conn:
        rows = await conn.fetch_all("SELECT id, name, created_at FROM organizations ORDER BY id")
    return [_from_row(row) for row in rows]


async def require_organization(hub: Hub, org_id: int) -> Organization:
    async with hub.reading(org_id) as s:
        return await get_organization(s)


# An organization's data, children before parents where a foreign key does not cascade;
# ``api_tokens`` is left out: a reset keeps the organization's credentials working.
_RESET_ORDER = (
    "webhook_deliveries",
    "webhooks",
    "events",
    "event_counters",
    "vendor_ids",
    "vendor_id_aliases",
    "import_rejects",
    "imports",
    "contact_list_phones",
    "contact_list_entries",
    "contact_lists",
    "field_values",
    "contact_tags",
    "contact_phones",
    "contact_aliases",
    "contacts",
    # After the contacts: their deletion's triggers leave the counts at zero; then they go.
    "contact_counts",
    "custom_fields",
    "tags",
    "bots",
    "contact_bases",
    "user_sessions",
    "session_families",
    "users",
)


async def reset_organization(s: Scope) -> None:
    """Remove every record of the organization (contacts, tags, fields, bots, bases, lists, users
    with their sessions, import jobs, the change feed and webhooks) and keep the organization
    and its API tokens."""
    await get_organization(s)
    for table in _RESET_ORDER:
        # The names are this module's constants, never input.
        await s.execute(f"DELETE FROM {table} WHERE org_id = :org")


async def delete_organization(s: Scope) -> None:
    """Remove the organization and, through its foreign keys' cascades, all its data."""
    await get_organization(s)
    # Contacts first, in their own statement: their search index triggers (SQLite's FTS5) and
    # the vendor ids (no foreign key) are the same work as a reset's.
    await reset_organization(s)
    await s.execute("DELETE FROM api_tokens WHERE org_id = :org")
    await s.execute("DELETE FROM organizations WHERE id = :org")
    tokens.forget_remembered()
