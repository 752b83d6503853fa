"""/api/report/contacts: the contacts that have a phone number (seen in production clients)."""

from __future__ import annotations

from litestar import get
from litestar.params import FromQuery

from contacthub.core import lookup, vendor_ids
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.obzvonilka import mapping
from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.errors import Invalid


@get(["/report/contacts.json", "/report/contacts"])
async def contacts_by_phone(
    hub: HubDep, principal: PrincipalDep, phone: FromQuery[str | None] = None
) -> list[wire.ReportContactOut]:
    """Contacts of every base with this phone in any slot, matched in any format, by id (the
    contacts' and bases' Obzvonilka ids where they have them)."""
    if phone is None or not phone.strip():
        raise Invalid.field("phone", "phone can't be blank")
    async with hub.reading(principal.org_id) as s:
        try:
            report = await lookup.lookup_phone(s, phone)
        except Invalid as error:
            raise Invalid.field("phone", error.message) from None
        found = [contact.base_id for contact in report.contacts]
        known = await vendor_ids.dialect_ids(s, mapping.SYSTEM, "base", found)
    return [mapping.report_contact_out(contact, known) for contact in report.contacts]
