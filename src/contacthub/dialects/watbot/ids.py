"""Watbot's ids at the edge (contacthub.core.vendor_ids, system ``watbot``).

    request  bot_id, contact_id, a variable's id  --resolve (one statement a request)-->  hub ids
    answer   records on it  --dialect_ids_of (one statement a page)-->  Watbot ids (mapping.py)

Every id a request names is resolved in one statement, which also probes whether the
organization has Watbot ids for the kinds the answer shows: an answer asks for them only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from contacthub.core import vendor_ids
from contacthub.core.scope import Scope
from contacthub.dialects.watbot.mapping import SYSTEM


async def resolve(
    s: Scope, wanted: Sequence[tuple[str, int]], *, probe: Sequence[str] = ()
) -> tuple[list[int], frozenset[str]]:
    """The hub ids of the ``(kind, written id)`` a request names, and which ``probe`` kinds have
    any Watbot id (``NotFound``: a hub id of a record known by a Watbot id of its own)."""
    return await vendor_ids.resolve_numbers(s, SYSTEM, wanted, probe=probe)


async def known(
    s: Scope, among: Iterable[str], wanted: Mapping[str, Iterable[int | None]]
) -> dict[str, dict[int, str]]:
    """The Watbot ids of an answer's records, by kind (only the kinds ``among``)."""
    return await vendor_ids.dialect_ids_of(s, SYSTEM, wanted, among=among)
