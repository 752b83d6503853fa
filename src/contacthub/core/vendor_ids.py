"""Ids other systems gave a record: the vendor's bot 72975, its contact 118, its attribute UUID.

    vendor_ids(org_id, kind, record_id, system, vendor_id)
        primary key (org_id, kind, record_id, system)   a record has one id per system
        unique (org_id, kind, system, vendor_id)        an id names one record per system
    vendor_id_aliases(org_id, kind, system, vendor_id) -> record_id
        ids that are no longer a record's own and still name it (kept by a merge or a delete)

An integration that kept a vendor's ids works after a switch because each vendor dialect speaks
its own system's ids at its edge (which parameters and answers: core.vendor_systems):

    request ids --resolve_edge / resolve_numbers--> the core's references   one statement a request
    answer's records --dialect_ids_of--> vendor ids --shown_id--> wire      one statement a page

``resolve_edge`` also probes, in the same statement, whether the organization has any id of the
system for the kinds the answer shows; ``dialect_ids_of(..., among=...)`` asks only for those,
so an organization without vendor ids pays one small indexed statement a request (~7 us on
SQLite). A contact's own vendor ids come with every contact read. The rule, per system:

- a written id that is a record's vendor id names that record, even when it is also another
  record's hub id (the vendor id wins: integrations that kept ids kept vendor ids);
- else a written id that is an alias names the alias's record: an absorbed contact's vendor id
  names the contact that absorbed it (``merge``, followed along chains of merges), a deleted
  record's names that record, which is gone (the core answers "not found");
- otherwise it is a hub id (integer, or a UUID where the kind has one), of a record that has no
  vendor id of this system: a record that has one is known by it alone in that system, so each
  record has exactly one id per dialect;
- an answer carries the record's own vendor id where it has one, its hub id otherwise (never an
  alias).

Why a deleted record's ids are kept: a vendor never gives a deleted record's id to another
record, so an integration that kept contact 118 gets "not found" from it after the delete. Here
118 is also a hub id; forgetting the vendor id would make 118 fall back to the hub id and
silently read or write whichever record has the hub id 118. So ``forget`` (a delete) turns the
ids into aliases of the deleted record, and an alias keeps naming it after it is purged (ids are
never reused). An id is let go for good only when a person asks for it: an administrator gives
it to another record (``set_vendor_ids``; refused while it is an alias of a live contact, whose
stored references it still serves) or changes a record's own id (the old one is released: the
administrator's word), and an erase (``erase``), whose ids are the person's identifiers in
another system and go with the rest of their data; after those an id is a hub id again, as it
was before it was ever given.

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
    or UUID) for each ``(kind, written id)`` of one request, in one statement (the module's rule:
    a vendor id, then an alias, then a hub id); ``NotFound`` for an id that is a hub id of a
    record known in ``system`` by a vendor id of its own."""
    return (await resolve_edge(s, system, wanted))[0]


async def resolve_edge(
    s: Scope, system: str, wanted: Sequence[tuple[str, str]], *, probe: Sequence[str] = ()
) -> tuple[list[int | str], frozenset[str]]:
    """``resolve_many``, and, in the same statement, which of the ``probe`` kinds have any id of
    ``system`` in the organization: an answer asks ``dialect_ids_of`` only for those, so a
    request of an organization without vendor ids costs one small statement (none when it
    names no id and probes nothing)."""
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
            f"SELECT {index} AS n, record_id, vendor_id, 0 AS alias FROM vendor_ids"
            f" WHERE org_id = :org AND kind = :kind{index} AND system = :system"
            f" AND (vendor_id = :written{index} OR record_id = {hub})"
            f" UNION ALL SELECT {index}, record_id, vendor_id, 1 FROM vendor_id_aliases"
            f" WHERE org_id = :org AND kind = :kind{index} AND system = :system"
            f" AND vendor_id = :written{index}"
        )
    for index, kind in enumerate(probe):
        # One index probe of (org_id, kind, system, vendor_id) for each kind.
        params[f"probe{index}"] = kind
        parts.append(
            f"SELECT -1 AS n, 0 AS record_id, p{index}.kind AS vendor_id, 2 AS alias"
            f" FROM (SELECT kind FROM vendor_ids WHERE org_id = :org AND kind = :probe{index}"
            f" AND system = :system LIMIT 1) p{index}"
        )
    if not parts:
        return [], frozenset()
    rows = await s.fetch_all(" UNION ALL ".join(parts), **params)
    by_vendor: dict[int, int] = {}
    by_alias: dict[int, int] = {}
    renamed: set[int] = set()
    probed: set[str] = set()
    for row in rows:
        index = int(row["n"])
        if row["alias"] == 2:
            probed.add(row["vendor_id"])
        elif row["alias"]:
            by_alias[index] = int(row["record_id"])
        elif row["vendor_id"] == wanted[index][1]:
            by_vendor[index] = int(row["record_id"])
        else:
            renamed.add(index)
    refs: list[int | str] = []
    for index, (kind, written) in enumerate(wanted):
        if index in by_vendor:
            refs.append(by_vendor[index])
        elif index in by_alias:
            refs.append(by_alias[index])
        elif index in renamed:
            raise NotFound(f"{kind} {written[:40]} does not exist")
        else:
            number = numbers[index]
            refs.append(written if number is None else number)
    return refs, frozenset(probed)


async def resolve_numbers(
    s: Scope, system: str, wanted: Sequence[tuple[str, int]], *, probe: Sequence[str] = ()
) -> tuple[list[int], frozenset[str]]:
    """``resolve_edge`` for a dialect whose ids are integers (Watbot, Obzvonilka, Plusofon):
    each reference is a record's id, or the integer as written (a hub id)."""
    written = [(kind, str(number)) for kind, number in wanted]
    refs, kinds = await resolve_edge(s, system, written, probe=probe)
    return [int(ref) for ref in refs], kinds


async def resolve(s: Scope, system: str, kind: str, written: str) -> int | str:
    """``resolve_many`` for one id."""
    return (await resolve_many(s, system, [(kind, written)]))[0]


async def dialect_ids(
    s: Scope, system: str, kind: str, record_ids: Iterable[int | None]
) -> dict[int, str]:
    """The vendor ids in ``system`` of those records that have one, by record id (as text)."""
    return (await dialect_ids_of(s, system, {kind: record_ids})).get(kind, {})


async def dialect_ids_of(
    s: Scope,
    system: str,
    wanted: Mapping[str, Iterable[int | None]],
    *,
    among: Iterable[str] | None = None,
) -> dict[str, dict[int, str]]:
    """``dialect_ids`` of records of several kinds (an answer's page) in one statement; only
    the kinds ``among`` (those ``resolve_edge`` probed and found) when it is given."""
    asked = None if among is None else set(among)
    parts: list[str] = []
    params: dict[str, object] = {"system": system}
    for index, (kind, record_ids) in enumerate(sorted(wanted.items())):
        ids = sorted({record_id for record_id in record_ids if record_id is not None})
        if not ids or (asked is not None and kind not in asked):
            continue
        placeholders, expanded = expand_in(f"record{index}", ids)
        params.update(expanded)
        params[f"kind{index}"] = kind
        parts.append(
            f"SELECT kind, record_id, vendor_id FROM vendor_ids WHERE org_id = :org"
            f" AND kind = :kind{index} AND record_id IN {placeholders} AND system = :system"
        )
    if not parts:
        return {}
    found: dict[str, dict[int, str]] = {}
    for row in await s.fetch_all(" UNION ALL ".join(parts), **params):
        found.setdefault(row["kind"], {})[int(row["record_id"])] = row["vendor_id"]
    return found


def shown_id(known: Mapping[int, str] | None, record_id: int) -> int | str:
    """The id an answer of a dialect carries: the record's vendor id of the dialect's system
    (``known``: ``dialect_ids``) where it has one, its hub id otherwise."""
    return _on_wire(record_id, None if known is None else known.get(record_id))


def own_id(record_id: int, ids: Mapping[str, str] | None, system: str) -> int | str:
    """``shown_id`` of a record read with its vendor ids (a contact's ``vendor_ids``)."""
    return _on_wire(record_id, (ids or {}).get(system))


def _on_wire(record_id: int, kept: str | None) -> int | str:
    return record_id if kept is None else wire_value(kept)


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
    ``Conflict`` when another record of the kind has the id in that system, as its own or as an
    alias of a live record (a deleted record's alias is let go). Answers all its ids."""
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
        holders = await s.fetch_all(
            "SELECT record_id, 0 AS alias FROM vendor_ids WHERE org_id = :org AND kind = :kind"
            " AND system = :system AND vendor_id = :vendor_id"
            " UNION ALL SELECT record_id, 1 FROM vendor_id_aliases WHERE org_id = :org"
            " AND kind = :kind AND system = :system AND vendor_id = :vendor_id",
            kind=kind,
            system=system,
            vendor_id=vendor_id,
        )
        for holder in holders:
            other = int(holder["record_id"])
            if other == record_id:
                continue
            if not holder["alias"] or await _live(s, kind, other):
                raise _taken(kind, system, vendor_id)
        if holders:
            # Its own again, or given anew: the alias no longer names a record.
            await s.execute(
                "DELETE FROM vendor_id_aliases WHERE org_id = :org AND kind = :kind"
                " AND system = :system AND vendor_id = :vendor_id",
                kind=kind,
                system=system,
                vendor_id=vendor_id,
            )
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


async def _live(s: Scope, kind: str, record_id: int) -> bool:
    """Whether the record an alias names is live (a contact: not deleted; other kinds, whose
    delete removes the row: still there)."""
    table, _ = KINDS[kind]
    live = " AND deleted_at IS NULL" if kind == "contact" else ""
    found = await s.fetch_value(
        f"SELECT 1 FROM {table} WHERE org_id = :org AND id = :id{live}", id=record_id
    )
    return found is not None


async def forget(s: Scope, kind: str, record_ids: Sequence[int]) -> None:
    """Deleted records' vendor ids stop being theirs (so the ids can be given again) and become
    their aliases: a stored id answers "not found", never another record (see the module)."""
    if not record_ids:
        return
    placeholders, params = expand_in("record", record_ids)
    await s.execute(
        "INSERT INTO vendor_id_aliases (org_id, kind, system, vendor_id, record_id, created_at)"
        " SELECT org_id, kind, system, vendor_id, record_id, :now FROM vendor_ids"
        f" WHERE org_id = :org AND kind = :kind AND record_id IN {placeholders}"
        " ON CONFLICT (org_id, kind, system, vendor_id)"
        " DO UPDATE SET record_id = excluded.record_id, created_at = excluded.created_at",
        kind=kind,
        now=s.now(),
        **params,
    )
    await s.execute(
        "DELETE FROM vendor_ids WHERE org_id = :org AND kind = :kind"
        f" AND record_id IN {placeholders}",
        kind=kind,
        **params,
    )


async def follow(s: Scope, kind: str, absorbed: Sequence[int], survivor: int) -> None:
    """The aliases of merged-away records name the record that absorbed them (and so does what
    was merged into those before: a chain ends at the last survivor)."""
    if not absorbed:
        return
    placeholders, params = expand_in("record", absorbed)
    await s.execute(
        "UPDATE vendor_id_aliases SET record_id = :survivor WHERE org_id = :org"
        f" AND kind = :kind AND record_id IN {placeholders}",
        kind=kind,
        survivor=survivor,
        **params,
    )


async def erase(s: Scope, kind: str, record_ids: Sequence[int]) -> None:
    """Remove records' vendor ids and aliases for good (an erased person's identifiers)."""
    if not record_ids:
        return
    placeholders, params = expand_in("record", record_ids)
    for table in ("vendor_ids", "vendor_id_aliases"):
        await s.execute(
            f"DELETE FROM {table} WHERE org_id = :org AND kind = :kind"
            f" AND record_id IN {placeholders}",
            kind=kind,
            **params,
        )
