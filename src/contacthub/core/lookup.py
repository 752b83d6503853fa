"""What the store knows of one phone number: its contacts, its lists, whether it is blocked."""

from __future__ import annotations

import msgspec

from contacthub.core.contacts import Contact
from contacthub.core.contacts.reads import COLUMNS, contact_from_row, phones_of
from contacthub.core.phones import normalize_phone
from contacthub.core.scope import Scope


class ListMembership(msgspec.Struct, frozen=True, kw_only=True):
    list_id: int
    name: str
    type: str
    entry_id: int
    entry_name: str


class PhoneReport(msgspec.Struct, frozen=True, kw_only=True):
    e164: str
    blocked: bool
    contacts: list[Contact]
    lists: list[ListMembership]


async def is_blocked(s: Scope, e164: str) -> bool:
    row = await s.fetch_one(
        "SELECT 1 FROM contact_list_phones"
        " WHERE org_id = :org AND e164 = :phone AND list_type = 'black' LIMIT 1",
        phone=e164,
    )
    return row is not None


async def lookup_phone(s: Scope, number: str) -> PhoneReport:
    """Everything about a number written in any format (``Invalid`` if it is not a number)."""
    e164 = normalize_phone(number, s.env.region, strict=False)
    rows = await s.fetch_all(
        f"SELECT DISTINCT {COLUMNS} FROM contacts c JOIN contact_phones p ON p.contact_id = c.id"
        " WHERE p.org_id = :org AND p.e164 = :phone AND c.org_id = :org AND c.deleted_at IS NULL"
        " ORDER BY c.id",
        phone=e164,
    )
    phones = await phones_of(s, [row["id"] for row in rows])
    memberships = await s.fetch_all(
        "SELECT DISTINCT l.id AS list_id, l.name, l.type, e.id AS entry_id, e.name AS entry_name"
        " FROM contact_list_phones p JOIN contact_lists l ON l.id = p.list_id"
        " JOIN contact_list_entries e ON e.id = p.entry_id"
        " WHERE p.org_id = :org AND p.e164 = :phone ORDER BY l.id, e.id",
        phone=e164,
    )
    lists = [
        ListMembership(
            list_id=row["list_id"],
            name=row["name"],
            type=row["type"],
            entry_id=row["entry_id"],
            entry_name=row["entry_name"],
        )
        for row in memberships
    ]
    return PhoneReport(
        e164=e164,
        blocked=any(membership.type == "black" for membership in lists),
        contacts=[contact_from_row(row, phones[row["id"]]) for row in rows],
        lists=lists,
    )
