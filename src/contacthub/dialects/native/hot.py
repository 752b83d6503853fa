"""The native API's hot reads (see contacthub.dialects.hot): GET a contact, GET a phone number."""

from __future__ import annotations

from contacthub.core import tokens
from contacthub.dialects.hot import HotContext, HotRequest, HotRoute, hot_routes
from contacthub.dialects.http import bearer_credential
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes.contacts import read_contact
from contacthub.dialects.native.routes.organization import read_phone_report


async def _org_id(context: HotContext, request: HotRequest) -> int | None:
    secret = bearer_credential(request.header(b"authorization"))
    if secret is None:
        return None
    return (await tokens.authenticate(context.hub, secret)).org_id


async def get_contact(context: HotContext, request: HotRequest) -> wire.ContactOut | None:
    org_id = await _org_id(context, request)
    return None if org_id is None else await read_contact(context.hub, org_id, request.match[1])


async def lookup_phone(context: HotContext, request: HotRequest) -> wire.PhoneReportOut | None:
    org_id = await _org_id(context, request)
    if org_id is None:
        return None
    return await read_phone_report(context.hub, org_id, request.match[1])


def native_hot_routes(prefix: str) -> list[HotRoute]:
    return hot_routes(
        prefix,
        [
            ("/contacts/([^/]+)", get_contact, False),
            ("/phones/([^/]+)", lookup_phone, False),
        ],
    )
