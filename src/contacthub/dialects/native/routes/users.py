"""/users: the organization's people who log in."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from contacthub.core import users
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class UserController(Controller):
    path = "/users"
    tags = ["users"]

    @get("/")
    async def list_users(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.UserPage:
        """List users by id."""

        async def fetch(s: Scope, after: int, size: int) -> list[users.User]:
            return await users.list_users(s, after=after, limit=size)

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.UserPage(
            items=[mapping.user_out(u) for u in page.items], next_cursor=page.next_cursor
        )

    @post("/")
    async def create_user(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.UserIn]
    ) -> wire.UserOut:
        """Create a user (409 if the e-mail is taken)."""
        draft = mapping.user_draft(data)
        password_hash = await users.hash_draft_password(draft)
        assert password_hash is not None
        async with hub.writing(principal) as s:
            return mapping.user_out(await users.create_user(s, draft, password_hash))

    @get("/{user_id:int}")
    async def get_user(
        self, hub: HubDep, principal: PrincipalDep, user_id: FromPath[int]
    ) -> wire.UserOut:
        """Read one user."""
        async with hub.reading(principal.org_id) as s:
            return mapping.user_out(await users.get_user(s, user_id))

    @patch("/{user_id:int}")
    async def update_user(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        user_id: FromPath[int],
        data: JSONBody[wire.UserPatch],
    ) -> wire.UserOut:
        """Change the fields sent (a new password is hashed; no one can read it back)."""
        draft = mapping.user_draft(data)
        password_hash = await users.hash_draft_password(draft)
        async with hub.writing(principal) as s:
            return mapping.user_out(await users.update_user(s, user_id, draft, password_hash))

    @delete("/{user_id:int}")
    async def delete_user(
        self, hub: HubDep, principal: PrincipalDep, user_id: FromPath[int]
    ) -> None:
        """Delete a user and end their sessions."""
        async with hub.writing(principal) as s:
            await users.delete_user(s, user_id)
