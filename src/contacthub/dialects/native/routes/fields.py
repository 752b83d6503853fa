"""/fields: custom fields of contacts (Watbot's variables, TWIN's client attributes)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from contacthub.core import fields
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes.paging import read_page


class FieldController(Controller):
    path = "/fields"
    tags = ["fields"]

    @get("/")
    async def list_fields(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: FromQuery[int | None] = None,
        cursor: FromQuery[str | None] = None,
    ) -> wire.FieldPage:
        """List custom fields by id."""

        async def fetch(s: Scope, after: int, size: int) -> list[fields.Field]:
            return await fields.list_fields(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.FieldPage(
            items=[mapping.field_out(f) for f in page.items], next_cursor=page.next_cursor
        )

    @post("/")
    async def create_field(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.TagName]
    ) -> wire.FieldOut:
        """Create a custom field (409 if the name exists)."""
        async with hub.writing(principal.org_id) as s:
            return mapping.field_out(await fields.create_field(s, data.name))

    @get("/{ref:str}")
    async def get_field(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> wire.FieldOut:
        """Read one field by integer id or UUID."""
        async with hub.reading(principal.org_id) as s:
            return mapping.field_out(await fields.get_field(s, ref))

    @patch("/{ref:str}")
    async def rename_field(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str], data: JSONBody[wire.TagName]
    ) -> wire.FieldOut:
        """Rename a field; contacts keep their values under the new name."""
        async with hub.writing(principal.org_id) as s:
            return mapping.field_out(await fields.rename_field(s, ref, data.name))

    @delete("/{ref:str}")
    async def delete_field(self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]) -> None:
        """Delete a field and its value on every contact."""
        async with hub.writing(principal.org_id) as s:
            await fields.delete_field(s, ref)
