"""/tokens: API tokens of the organization."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from contacthub.core import tokens
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class TokenController(Controller):
    path = "/tokens"
    tags = ["API tokens"]

    @get("/")
    async def list_tokens(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.TokenPage:
        """List API tokens by id (never their secrets)."""

        async def fetch(s: Scope, after: int, size: int) -> list[tokens.ApiToken]:
            return await tokens.list_tokens(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.TokenPage(
            items=[mapping.token_out(t) for t in page.items], next_cursor=page.next_cursor
        )

    @post("/")
    async def create_token(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.TokenIn]
    ) -> wire.NewTokenOut:
        """Create a token; its secret is in this answer and nowhere else, ever."""
        async with hub.writing(principal) as s:
            return mapping.new_token_out(await tokens.create_token(s, label=data.label))

    @get("/{token_id:int}")
    async def get_token(
        self, hub: HubDep, principal: PrincipalDep, token_id: FromPath[int]
    ) -> wire.TokenOut:
        """Read one token (without its secret)."""
        async with hub.reading(principal.org_id) as s:
            return mapping.token_out(await tokens.get_token(s, token_id))

    @delete("/{token_id:int}")
    async def revoke_token(
        self, hub: HubDep, principal: PrincipalDep, token_id: FromPath[int]
    ) -> None:
        """Revoke a token: every API refuses it from now on."""
        async with hub.writing(principal) as s:
            await tokens.revoke_token(s, token_id)
