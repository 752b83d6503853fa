"""/api/contact_bases: read-only, as the vendor's document says (bases are made elsewhere).
A base is addressed and shown by its Obzvonilka id where it has one (core.vendor_ids)."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath

from contacthub.core import bases, vendor_ids
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.obzvonilka import mapping
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.params import record_id


@get(["/contact_bases.json", "/contact_bases"])
async def list_bases(hub: HubDep, principal: PrincipalDep) -> list[wire.ContactBaseOut]:
    """All contact bases of the organization, as a bare array, by id."""
    async with hub.reading(principal.org_id) as s:
        found = await bases.list_bases(s)
        known = await vendor_ids.dialect_ids(s, mapping.SYSTEM, "base", [b.id for b in found])
    return [mapping.base_out(base, known) for base in found]


@get("/contact_bases/{base_ref:str}")
async def get_base(
    hub: HubDep, principal: PrincipalDep, base_ref: FromPath[str]
) -> wire.ContactBaseOut:
    """One contact base by id (``/api/contact_bases/1.json``)."""
    async with hub.reading(principal.org_id) as s:
        wanted = [("base", record_id(base_ref))]
        (base_id,), kinds = await vendor_ids.resolve_numbers(
            s, mapping.SYSTEM, wanted, probe=("base",)
        )
        base = await bases.get_base(s, base_id)
        known = await vendor_ids.dialect_ids_of(s, mapping.SYSTEM, {"base": [base.id]}, among=kinds)
    return mapping.base_out(base, known.get("base", {}))
