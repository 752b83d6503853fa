"""Ids other systems gave a record: the vendor's bot 72975, its contact 118, its attribute UUID.

    vendor_ids(org_id, kind, record_id, system, vendor_id)
        primary key (org_id, kind, record_id, system)   a record has one id per system
        unique (org_id, kind, system, vendor_id)        an id names one record per system

An integration that kept a vendor's ids works after a switch when each dialect speaks its own
system's ids at its edge: ``resolve`` turns the id a request wrote into the core's reference of
the record, ``dialect_ids`` gives the ids answers carry. The rule, per system:

- a written id that is a record's vendor id names that record, even when it is also another
  record's hub id (the vendor id wins: integrations that kept ids kept vendor ids);
- otherwise it is a hub id (integer, or a UUID where the kind has one), of a record that has no
  vendor id of this system: a record that has one is known by it alone in that system, so each
  record has exactly one id per dialect;
- an answer carries the record's vendor id where it has one, its hub id otherwise.

Vendor ids are kept as text: an integer as its decimal digits, a string as given (a UUID in
lower case). On the wire (``wire_value``) canonical digits are an integer again.
Deleting a record forgets its vendor ids (``forget``) in the same unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from contacthub.core.ids import MAX_ID, storable, written_id
from contacthub.core.scope import Scope
from contacthub.core.vendor_systems import SYSTEMS
from contacthub.db.database import IntegrityViolation, expand_in
from contacthub.errors import Conflict, Invalid, NotFound

# kind -> (its table, whether its records also have a UUID that addresses them)
KINDS: dict[str, tuple[str, bool]] = {
    "contact": ("contacts", True),
    "bot": ("bots", False),
    "base": ("contact_bases", False),
    "list": ("contact_lists", False),
    "field": ("custom_fields", True),
}
# A table -> its kind, for the shared delete (core.records).
KIND_OF_TABLE = {table: kind for kind, (table, _) in KINDS.items()}
MAX_LENGTH = 64
# What an id in a URL path or a query can be without escaping (RFC 3986's unreserved, plus ":").
_TEXT_ID = re.compile(r"[A-Za-z0-9._~:-]{1,64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)

VendorIds = dict[str, str]  # system -> the id as kept


def clean_system(name: str, field: str = "vendor_ids") -> str:
    if name not in SYSTEMS:
        raise Invalid.field(
            field, f"unknown system {name[:40]!r}; use one of: {', '.join(SYSTEMS)}"
        )
    return name


def clean_vendor_id(system: str, value: object, field: str | None = None) -> str:
    """The id as kept: an integer (0 .. 2**63-1) as its digits, a string of 1..64 URL-safe
    characters as given (a UUID in lower case); ``Invalid`` naming ``field`` otherwise."""
    name = field or f"vendor_ids.{system}"
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= MAX_ID:
            raise Invalid.field(name, f"{name} must be between 0 and {MAX_ID}")
        return str(value)
    if isinstance(value, str):
        if not _TEXT_ID.fullmatch(value):
            raise Invalid.field(
                name, f"{name} must be 1..{MAX_LENGTH} letters, digits or . _ ~ : - characters"
            )
        return value.lower() if _UUID.fullmatch(value) else value
    raise Invalid.field(name, f"{name} must be an integer or a string")


def clean_changes(given: Mapping[str, object]) -> dict[str, str | None]:
    """A request's ``vendor_ids`` object: system -> id, ``None`` removing the system's id."""
    changes: dict[str, str | None] = {}
    for system, value in given.items():
        clean_system(system)
        changes[system] = None if value is None else clean_vendor_id(system, value)
    return changes


def wire_value(kept: str) -> int | str:
    """An id as a JSON value: canonical decimal digits are an integer, anything else a string."""
    number = written_id(kept)
    return number if number is not None and str(number) == kept and storable(number) else kept


def wire_ids(kept: Mapping[str, str] | None) -> dict[str, int | str]:
    return {system: wire_value(value) for system, value in sorted((kept or {}).items())}


async def resolve_many(s: Scope, system: str, wanted: Sequence[tuple[str, str]]) -> list[int | str]:
    """The core's reference (an integer id, or the written text for the core to read as a hub id
    or UUID) for each ``(kind, written id)`` of one request, in one statement; ``NotFound`` for an
    id that is a hub id of a record known in ``system`` by a vendor id of its own."""
    parts: list[str] = []
    params: dict[str, object] = {"system": system}
    numbers: list[int | None] = []
    for index, (kind, written) in enumerate(wanted):
        table, has_uuid = KINDS[kind]
        number = written_id(written)
        numbers.append(number if number is not None and storable(number) else None)
        if numbers[-1] is not None:
            hub = f":number{index}"
            params[f"number{index}"] = numbers[-1]
        elif has_uuid:
            hub = f"(SELECT t.id FROM {table} t WHERE t.org_id = :org AND t.uuid = :written{index})"
        else:
            hub = "NULL"
        params[f"kind{index}"] = kind
        params[f"written{index}"] = written
        parts.append(
            f"SELECT {index} AS n, record_id, vendor_id FROM vendor_ids WHERE org_id = :org"
            f" AND kind = :kind{index} AND system = :system"
            f" AND (vendor_id = :written{index} OR record_id = {hub})"
        )
    rows = await s.fetch_all(" UNION ALL ".join(parts), **params)
    by_vendor: dict[int, int] = {}
    renamed: set[int] = set()
    for row in rows:
        index = int(row["n"])
        if row["vendor_id"] == wanted[index][1]:
            by_vendor[index] = int(row["record_id"])
        else:
            renamed.add(index)
    refs: list[int | str] = []
    for index, (kind, written) in enumerate(wanted):
        if index in by_vendor:
            refs.append(by_vendor[index])
        elif index in renamed:
            raise NotFound(f"{kind} {written[:40]} does not exist")
        else:
            number = numbers[index]
            refs.append(written if number is None else number)
    return refs


async def resolve(s: Scope, system: str, kind: str, written: str) -> int | str:
    """``resolve_many`` for one id."""
    return (await resolve_many(s, system, [(kind, written)]))[0]


async def dialect_ids(
    s: Scope, system: str, kind: str, record_ids: Iterable[int | None]
) -> dict[int, str]:
    """The vendor ids in ``system`` of those records that have one, by record id (as text)."""
    wanted = sorted({record_id for record_id in record_ids if record_id is not None})
    if not wanted:
        return {}
    placeholders, params = expand_in("record", wanted)
    rows = await s.fetch_all(
        "SELECT record_id, vendor_id FROM vendor_ids WHERE org_id = :org AND kind = :kind"
        f" AND record_id IN {placeholders} AND system = :system",
        kind=kind,
        system=system,
        **params,
    )
    return {int(row["record_id"]): row["vendor_id"] for row in rows}


async def of_records(s: Scope, kind: str, record_ids: Iterable[int]) -> dict[int, VendorIds]:
    """Every vendor id of the records, by record id (records without any are left out)."""
    wanted = sorted(set(record_ids))
    if not wanted:
        return {}
    placeholders, params = expand_in("record", wanted)
    rows = await s.fetch_all(
        "SELECT record_id, system, vendor_id FROM vendor_ids WHERE org_id = :org"
        f" AND kind = :kind AND record_id IN {placeholders}",
        kind=kind,
        **params,
    )
    found: dict[int, VendorIds] = {}
    for row in rows:
        found.setdefault(int(row["record_id"]), {})[row["system"]] = row["vendor_id"]
    return found


async def set_vendor_ids(
    s: Scope, kind: str, record_id: int, changes: Mapping[str, str | None]
) -> VendorIds:
    """Give a record (which the caller found in the scope) these ids, ``None`` removing one;
    ``Conflict`` when another record of the kind has the id in that system. Answers all its ids."""
    for system, vendor_id in sorted(changes.items()):
        if vendor_id is None:
            await s.execute(
                "DELETE FROM vendor_ids WHERE org_id = :org AND kind = :kind"
                " AND record_id = :record AND system = :system",
                kind=kind,
                record=record_id,
                system=system,
            )
            continue
        holder = await s.fetch_value(
            "SELECT record_id FROM vendor_ids WHERE org_id = :org AND kind = :kind"
            " AND system = :system AND vendor_id = :vendor_id",
            kind=kind,
            system=system,
            vendor_id=vendor_id,
        )
        if holder is not None and int(holder) != record_id:
            raise _taken(kind, system, vendor_id)
        try:
            await s.execute(
                "INSERT INTO vendor_ids (org_id, kind, record_id, system, vendor_id)"
                " VALUES (:org, :kind, :record, :system, :vendor_id)"
                " ON CONFLICT (org_id, kind, record_id, system)"
                " DO UPDATE SET vendor_id = excluded.vendor_id",
                kind=kind,
                record=record_id,
                system=system,
                vendor_id=vendor_id,
            )
        except IntegrityViolation:
            # Another unit of work gave the id to another record meanwhile.
            raise _taken(kind, system, vendor_id) from None
    return (await of_records(s, kind, [record_id])).get(record_id, {})


def _taken(kind: str, system: str, vendor_id: str) -> Conflict:
    return Conflict(
        f"another {kind} already has the {system} id {vendor_id}", code="vendor_id_taken"
    )


async def forget(s: Scope, kind: str, record_ids: Sequence[int]) -> None:
    """Remove the vendor ids of deleted records (so the ids can be given again)."""
    if not record_ids:
        return
    placeholders, params = expand_in("record", record_ids)
    await s.execute(
        "DELETE FROM vendor_ids WHERE org_id = :org AND kind = :kind"
        f" AND record_id IN {placeholders}",
        kind=kind,
        **params,
    )
