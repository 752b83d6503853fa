"""/tags: the organization's labels."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from contacthub.core import tags
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class TagController(Controller):
    path = "/tags"
    tags = ["tags"]

    @get("/")
    async def list_tags(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.TagPage:
        """List tags by id."""

        async def fetch(s: Scope, after: int, size: int) -> list[tags.Tag]:
            return await tags.list_tags(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.TagPage(
            items=[mapping.tag_out(t) for t in page.items], next_cursor=page.next_cursor
        )

    @post("/")
    async def create_tag(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.TagName]
    ) -> wire.TagOut:
        """Create a tag (409 if the name exists)."""
        async with hub.writing(principal) as s:
            return mapping.tag_out(await tags.create_tag(s, data.name))

    @get("/{tag_id:int}")
    async def get_tag(
        self, hub: HubDep, principal: PrincipalDep, tag_id: FromPath[int]
    ) -> wire.TagOut:
        """Read one tag."""
        async with hub.reading(principal.org_id) as s:
            return mapping.tag_out(await tags.get_tag(s, tag_id))

    @patch("/{tag_id:int}")
    async def rename_tag(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        tag_id: FromPath[int],
        data: JSONBody[wire.TagName],
    ) -> wire.TagOut:
        """Rename a tag; contacts keep it under the new name."""
        async with hub.writing(principal) as s:
            return mapping.tag_out(await tags.rename_tag(s, tag_id, data.name))

    @delete("/{tag_id:int}")
    async def delete_tag(self, hub: HubDep, principal: PrincipalDep, tag_id: FromPath[int]) -> None:
        """Delete a tag; it comes off every contact."""
        async with hub.writing(principal) as s:
            await tags.delete_tag(s, tag_id)
