"""Batched lookups: one query for a whole batch's phones, codes or names, never one per row."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from contacthub.core.scope import Scope


def any_of(s: Scope, column: str, name: str, values: Collection[Any]) -> tuple[str, dict[str, Any]]:
    """``column`` equal to any of ``values``, as one bound parameter: an array on PostgreSQL, a
    JSON array unpacked by ``json_each`` on SQLite (no limit on the number of values)."""
    if s.conn.dialect == "postgresql":
        return f"{column} = ANY(:{name})", {name: list(values)}
    return f"{column} IN (SELECT value FROM json_each(:{name}))", {name: json.dumps(list(values))}


async def contacts_by_phone(s: Scope, e164s: Collection[str]) -> dict[str, int]:
    """The oldest live contact carrying each number."""
    if not e164s:
        return {}
    where, params = any_of(s, "p.e164", "phones", e164s)
    rows = await s.fetch_all(
        "SELECT p.e164, MIN(p.contact_id) AS contact_id FROM contact_phones p"
        " JOIN contacts c ON c.id = p.contact_id"
        f" WHERE p.org_id = :org AND {where} AND c.deleted_at IS NULL GROUP BY p.e164",
        **params,
    )
    return {row["e164"]: int(row["contact_id"]) for row in rows}


async def contacts_by_external_code(s: Scope, codes: Collection[str]) -> dict[str, int]:
    """The oldest live contact with each external code."""
    if not codes:
        return {}
    where, params = any_of(s, "c.external_code", "codes", codes)
    rows = await s.fetch_all(
        "SELECT c.external_code, MIN(c.id) AS contact_id FROM contacts c"
        f" WHERE c.org_id = :org AND {where} AND c.deleted_at IS NULL GROUP BY c.external_code",
        **params,
    )
    return {row["external_code"]: int(row["contact_id"]) for row in rows}


async def phones_of_contacts(s: Scope, ids: Collection[int]) -> dict[int, tuple[int, set[str]]]:
    """For each contact: the next free phone position and the numbers it has."""
    where, params = any_of(s, "contact_id", "ids", ids)
    # "+org_id": SQLite would otherwise scan the organization's (org_id, e164) index.
    rows = await s.fetch_all(
        f"SELECT contact_id, position, e164 FROM contact_phones WHERE +org_id = :org AND {where}",
        **params,
    )
    found: dict[int, tuple[int, set[str]]] = {}
    for row in rows:
        contact_id = int(row["contact_id"])
        position, numbers = found.get(contact_id, (0, set()))
        numbers.add(row["e164"])
        found[contact_id] = (max(position, int(row["position"]) + 1), numbers)
    return found


async def list_numbers(s: Scope, list_id: int, e164s: Collection[str]) -> set[str]:
    """Which of these numbers a list already holds."""
    if not e164s:
        return set()
    where, params = any_of(s, "e164", "phones", e164s)
    rows = await s.fetch_all(
        "SELECT DISTINCT e164 FROM contact_list_phones"
        f" WHERE org_id = :org AND list_id = :list AND {where}",
        list=list_id,
        **params,
    )
    return {row["e164"] for row in rows}


async def bases_by_name(s: Scope, names: Sequence[str]) -> dict[str, int]:
    """The oldest base of each name (names are not unique)."""
    if not names:
        return {}
    where, params = any_of(s, "name", "names", names)
    rows = await s.fetch_all(
        f"SELECT name, MIN(id) AS id FROM contact_bases WHERE org_id = :org AND {where}"
        " GROUP BY name",
        **params,
    )
    return {row["name"]: int(row["id"]) for row in rows}
