"""/organization and /phones/{number}: who am I, and what is known of a number."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath

from contacthub.core import lookup, organizations
from contacthub.core.scope import Hub
from contacthub.dialects.hot import HotContext, HotRequest, hot_read
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.auth import principal_of
from contacthub.dialects.native.openapi import problems


@get("/organization", tags=["organization"])
async def get_organization(hub: HubDep, principal: PrincipalDep) -> wire.OrganizationOut:
    """The organization the token belongs to."""
    async with hub.reading(principal.org_id) as s:
        return mapping.organization_out(await organizations.get_organization(s))


async def hot_phone(context: HotContext, request: HotRequest) -> wire.PhoneReportOut:
    """GET /phones/{number} in the hot lane: the same credential rule, lookup and mapping."""
    principal = await principal_of(context.hub, request.header(b"authorization"))
    return await read_phone_report(context.hub, principal.org_id, request.params["number"])


@get(
    "/phones/{number:str}",
    opt=hot_read(hot_phone),
    tags=["phones"],
    responses=problems({422: "Not a phone number (too short, too long, not digits)."}),
)
async def lookup_phone(
    hub: HubDep, principal: PrincipalDep, number: FromPath[str]
) -> wire.PhoneReportOut:
    """A number in any format: its E.164 form, its contacts and lists, and whether it is blocked."""
    return await read_phone_report(hub, principal.org_id, number)


async def read_phone_report(hub: Hub, org_id: int, number: str) -> wire.PhoneReportOut:
    """GET /phones/{number} on the wire (in Litestar and in the hot lane)."""
    async with hub.reading(org_id) as s:
        report = await lookup.lookup_phone(s, number)
    return mapping.phone_report_out(number, report)
