"""/bots: chatbots that contacts may come from (Watbot's bot_id)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from contacthub.core import bots
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes.paging import read_page


class BotController(Controller):
    path = "/bots"
    tags = ["bots"]

    @get("/")
    async def list_bots(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: FromQuery[int | None] = None,
        cursor: FromQuery[str | None] = None,
    ) -> wire.BotPage:
        """List bots by id."""

        async def fetch(s: Scope, after: int, size: int) -> list[bots.Bot]:
            return await bots.list_bots(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.BotPage(
            items=[mapping.bot_out(b) for b in page.items], next_cursor=page.next_cursor
        )

    @post("/")
    async def create_bot(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.TagName]
    ) -> wire.BotOut:
        """Create a bot."""
        async with hub.writing(principal.org_id) as s:
            return mapping.bot_out(await bots.create_bot(s, data.name))

    @get("/{bot_id:int}")
    async def get_bot(
        self, hub: HubDep, principal: PrincipalDep, bot_id: FromPath[int]
    ) -> wire.BotOut:
        """Read one bot."""
        async with hub.reading(principal.org_id) as s:
            return mapping.bot_out(await bots.get_bot(s, bot_id))

    @patch("/{bot_id:int}")
    async def rename_bot(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        bot_id: FromPath[int],
        data: JSONBody[wire.TagName],
    ) -> wire.BotOut:
        """Rename a bot."""
        async with hub.writing(principal.org_id) as s:
            return mapping.bot_out(await bots.rename_bot(s, bot_id, data.name))

    @delete("/{bot_id:int}")
    async def delete_bot(self, hub: HubDep, principal: PrincipalDep, bot_id: FromPath[int]) -> None:
        """Delete a bot; its contacts stay, with no bot."""
        async with hub.writing(principal.org_id) as s:
            await bots.delete_bot(s, bot_id)
