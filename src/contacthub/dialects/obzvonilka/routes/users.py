"""/api/users: the organization's users, read-only, as the vendor's document says."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath

from contacthub.core import users
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.obzvonilka import mapping
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.params import record_id


@get(["/users.json", "/users"])
async def list_users(hub: HubDep, principal: PrincipalDep) -> list[wire.UserOut]:
    """All users of the key's organization, as a bare array, by id."""
    async with hub.reading(principal.org_id) as s:
        found = await users.list_users(s)
    return [mapping.user_out(user) for user in found]


@get("/users/{user_ref:str}")
async def get_user(hub: HubDep, principal: PrincipalDep, user_ref: FromPath[str]) -> wire.UserOut:
    """One user by id (``/api/users/1.json``)."""
    async with hub.reading(principal.org_id) as s:
        return mapping.user_out(await users.get_user(s, record_id(user_ref)))
