"""/bots: chatbots that contacts may come from (Watbot's bot_id)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from msgspec import UnsetType

from contacthub.core import bots
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes import vendor_ids
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class BotController(Controller):
    path = "/bots"
    tags = ["bots"]

    @get("/")
    async def list_bots(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.BotPage:
        """List bots by id."""
        known: dict[int, vendor_ids.VendorIds] = {}

        async def fetch(s: Scope, after: int, size: int) -> list[bots.Bot]:
            found = await bots.list_bots(s, after=after, limit=size)
            known.update(await vendor_ids.known(s, "bot", found))
            return found

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.BotPage(
            items=[mapping.bot_out(b, known.get(b.id)) for b in page.items],
            next_cursor=page.next_cursor,
        )

    @post("/")
    async def create_bot(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.NamedIn]
    ) -> wire.BotOut:
        """Create a bot (``vendor_ids``: its Watbot ``bot_id``, 409 if another bot has it)."""
        async with hub.writing(principal) as s:
            bot = await bots.create_bot(s, data.name)
            ids = await vendor_ids.change(s, "bot", bot.id, data.vendor_ids)
        return mapping.bot_out(bot, ids)

    @get("/{bot_id:int}")
    async def get_bot(
        self, hub: HubDep, principal: PrincipalDep, bot_id: FromPath[int]
    ) -> wire.BotOut:
        """Read one bot."""
        async with hub.reading(principal.org_id) as s:
            bot = await bots.get_bot(s, bot_id)
            return mapping.bot_out(bot, await vendor_ids.of_one(s, "bot", bot.id))

    @patch("/{bot_id:int}")
    async def rename_bot(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        bot_id: FromPath[int],
        data: JSONBody[wire.NamedPatch],
    ) -> wire.BotOut:
        """Rename a bot or change its vendor ids (``null`` removes one)."""
        async with hub.writing(principal) as s:
            if isinstance(data.name, UnsetType):
                bot = await bots.get_bot(s, bot_id)
            else:
                bot = await bots.rename_bot(s, bot_id, data.name)
            ids = await vendor_ids.change(s, "bot", bot.id, data.vendor_ids)
        return mapping.bot_out(bot, ids)

    @delete("/{bot_id:int}")
    async def delete_bot(self, hub: HubDep, principal: PrincipalDep, bot_id: FromPath[int]) -> None:
        """Delete a bot; its contacts stay, with no bot."""
        async with hub.writing(principal) as s:
            await bots.delete_bot(s, bot_id)
