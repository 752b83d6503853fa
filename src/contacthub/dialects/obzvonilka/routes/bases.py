"""/api/contact_bases: read-only, as the vendor's document says (bases are made elsewhere)."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath

from contacthub.core import bases
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.obzvonilka import mapping
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.params import record_id


@get(["/contact_bases.json", "/contact_bases"])
async def list_bases(hub: HubDep, principal: PrincipalDep) -> list[wire.ContactBaseOut]:
    """All contact bases of the organization, as a bare array, by id."""
    async with hub.reading(principal.org_id) as s:
        found = await bases.list_bases(s)
    return [mapping.base_out(base) for base in found]


@get("/contact_bases/{base_ref:str}")
async def get_base(
    hub: HubDep, principal: PrincipalDep, base_ref: FromPath[str]
) -> wire.ContactBaseOut:
    """One contact base by id (``/api/contact_bases/1.json``)."""
    async with hub.reading(principal.org_id) as s:
        return mapping.base_out(await bases.get_base(s, record_id(base_ref)))
