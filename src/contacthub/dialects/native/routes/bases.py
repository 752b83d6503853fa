"""/bases: contact bases of the dialer."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from contacthub.core import bases
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes import vendor_ids
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class BaseController(Controller):
    path = "/bases"
    tags = ["contact bases"]

    @get("/")
    async def list_bases(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.BasePage:
        """List contact bases by id."""
        known: dict[int, vendor_ids.VendorIds] = {}

        async def fetch(s: Scope, after: int, size: int) -> list[bases.ContactBase]:
            found = await bases.list_bases(s, after=after, limit=size)
            known.update(await vendor_ids.known(s, "base", found))
            return found

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.BasePage(
            items=[mapping.base_out(b, known.get(b.id)) for b in page.items],
            next_cursor=page.next_cursor,
        )

    @post("/")
    async def create_base(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.BaseIn]
    ) -> wire.BaseOut:
        """Create a contact base (``vendor_ids``: 409 if another base has one of them)."""
        async with hub.writing(principal) as s:
            base = await bases.create_base(s, mapping.base_draft(data))
            ids = await vendor_ids.change(s, "base", base.id, data.vendor_ids)
        return mapping.base_out(base, ids)

    @get("/{base_id:int}")
    async def get_base(
        self, hub: HubDep, principal: PrincipalDep, base_id: FromPath[int]
    ) -> wire.BaseOut:
        """Read one contact base."""
        async with hub.reading(principal.org_id) as s:
            base = await bases.get_base(s, base_id)
            return mapping.base_out(base, await vendor_ids.of_one(s, "base", base.id))

    @patch("/{base_id:int}")
    async def update_base(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        base_id: FromPath[int],
        data: JSONBody[wire.BasePatch],
    ) -> wire.BaseOut:
        """Change the fields sent (``vendor_ids``: the systems named; ``null`` removes one)."""
        async with hub.writing(principal) as s:
            base = await bases.update_base(s, base_id, mapping.base_draft(data))
            ids = await vendor_ids.change(s, "base", base.id, data.vendor_ids)
        return mapping.base_out(base, ids)

    @delete("/{base_id:int}")
    async def delete_base(
        self, hub: HubDep, principal: PrincipalDep, base_id: FromPath[int]
    ) -> None:
        """Delete a contact base; its contacts stay, in no base."""
        async with hub.writing(principal) as s:
            await bases.delete_base(s, base_id)
