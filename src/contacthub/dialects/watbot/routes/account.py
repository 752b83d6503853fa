"""getMe: the account behind the token."""

from __future__ import annotations

from litestar import route

from contacthub.core import bots, organizations, vendor_ids
from contacthub.dialects.http import HubDep
from contacthub.dialects.watbot import mapping
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import CallDep
from contacthub.dialects.watbot.routes import ANY_METHOD


@route("/getMe", http_method=ANY_METHOD, status_code=200)
async def get_me(hub: HubDep, call: CallDep) -> wire.AccountData:
    """The account (organization) the token belongs to, with its bots (Watbot ids)."""
    async with hub.reading(call.org_id) as s:
        organization = await organizations.get_organization(s)
        found = await bots.list_bots(s)
        known = await vendor_ids.dialect_ids(s, mapping.SYSTEM, "bot", [bot.id for bot in found])
    return mapping.account_out(organization, found, known)
