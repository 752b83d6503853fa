"""/fields: custom fields of contacts (Watbot's variables, TWIN's client attributes)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from msgspec import UnsetType

from contacthub.core import fields
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes import vendor_ids
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class FieldController(Controller):
    path = "/fields"
    tags = ["fields"]

    @get("/")
    async def list_fields(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.FieldPage:
        """List custom fields by id."""
        known: dict[int, vendor_ids.VendorIds] = {}

        async def fetch(s: Scope, after: int, size: int) -> list[fields.Field]:
            found = await fields.list_fields(s, after=after, limit=size)
            known.update(await vendor_ids.known(s, "field", found))
            return found

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.FieldPage(
            items=[mapping.field_out(f, known.get(f.id)) for f in page.items],
            next_cursor=page.next_cursor,
        )

    @post("/")
    async def create_field(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.NamedIn]
    ) -> wire.FieldOut:
        """Create a custom field (409 if the name exists or another field has a vendor id)."""
        async with hub.writing(principal) as s:
            field = await fields.create_field(s, data.name)
            ids = await vendor_ids.change(s, "field", field.id, data.vendor_ids)
        return mapping.field_out(field, ids)

    @get("/{ref:str}")
    async def get_field(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> wire.FieldOut:
        """Read one field by integer id or UUID."""
        async with hub.reading(principal.org_id) as s:
            field = await fields.get_field(s, ref)
            return mapping.field_out(field, await vendor_ids.of_one(s, "field", field.id))

    @patch("/{ref:str}")
    async def rename_field(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        ref: FromPath[str],
        data: JSONBody[wire.NamedPatch],
    ) -> wire.FieldOut:
        """Rename a field (contacts keep their values under the new name) or change its vendor
        ids (``null`` removes one)."""
        async with hub.writing(principal) as s:
            if isinstance(data.name, UnsetType):
                field = await fields.get_field(s, ref)
            else:
                field = await fields.rename_field(s, ref, data.name)
            ids = await vendor_ids.change(s, "field", field.id, data.vendor_ids)
        return mapping.field_out(field, ids)

    @delete("/{ref:str}")
    async def delete_field(self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]) -> None:
        """Delete a field and its value on every contact."""
        async with hub.writing(principal) as s:
            await fields.delete_field(s, ref)
