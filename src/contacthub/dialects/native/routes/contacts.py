"""/contacts: people, with their phones, tags and field values."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, delete, get, patch, post, put
from litestar.exceptions import ValidationException
from litestar.openapi.spec import OpenAPIFormat, Schema
from litestar.params import FromPath, JSONBody, QueryParameter

from contacthub.core import contact_fields, contact_tags, contacts, feed
from contacthub.core.contacts import ContactFilter, erase, lifecycle
from contacthub.core.contacts.reads import MAX_SEARCH_TEXT
from contacthub.core.ids import MAX_ID, MIN_ID
from contacthub.core.pagination import CURSOR_PATTERN, check_limit, decode_cursor, encode_cursor
from contacthub.core.phones import MAX_PHONE_LENGTH
from contacthub.core.scope import Hub
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep
from contacthub.dialects.native import mapping, wire_rules
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.feed_schemas import HistoryPage
from contacthub.dialects.native.openapi import in_query
from contacthub.dialects.native.routes.paging import Cursor, Limit

# A filter id is any stored id (core.contacts refuses others with 422, as the document says).
RecordId = Annotated[int | None, in_query("integer", nullable=True, minimum=MIN_ID, maximum=MAX_ID)]
# No NUL in a text filter (core.contacts refuses it, as PostgreSQL would).
NUL = Schema(pattern=wire_rules.NUL)
HistoryCursor = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        description="The previous page's `next_cursor`: the events before it",
        schema_extra={"one_of": None, "type": "string", "pattern": CURSOR_PATTERN},
    ),
]
# Read here, not by Litestar: its lenient conversion took "0.5" as a Unix time.
Instant = Annotated[str | None, in_query("string", "RFC 3339", format=OpenAPIFormat.DATE_TIME)]


def _instant(name: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return msgspec.convert(text, datetime)
    except msgspec.ValidationError as error:
        complaint = {"key": name, "message": str(error), "source": "query"}
        shape = "the request does not have the expected shape"
        raise ValidationException(shape, extra=[complaint]) from None


async def read_contact(hub: Hub, org_id: int, ref: str) -> wire.ContactOut:
    """One contact on the wire (GET /contacts/{ref}, in Litestar and in the hot lane)."""
    async with hub.reading(org_id) as s:
        contact = await contacts.get_contact(s, ref, with_tags=True, with_fields=True)
    return mapping.contact_out(contact)


class ContactController(Controller):
    path = "/contacts"
    tags = ["contacts"]

    @get("/")
    async def list_contacts(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
        tag: Annotated[str | None, in_query("string", "A tag's name", schema_not=NUL)] = None,
        base_id: RecordId = None,
        bot_id: RecordId = None,
        list_id: RecordId = None,
        phone: Annotated[
            str | None,
            in_query(
                "string",
                "Any format; matched by its E.164 form",
                max_length=MAX_PHONE_LENGTH,
                schema_not=NUL,
            ),
        ] = None,
        q: Annotated[
            str | None,
            in_query(
                "string",
                "Text in name, e-mail or external code",
                max_length=MAX_SEARCH_TEXT,
                schema_not=NUL,
            ),
        ] = None,
        external_code: Annotated[str | None, in_query("string", schema_not=NUL)] = None,
        telegram_id: Annotated[str | None, in_query("string", schema_not=NUL)] = None,
        created_from: Instant = None,
        created_to: Instant = None,
    ) -> wire.ContactPage:
        """List contacts by ascending id, filtered; every given filter must match."""
        where = ContactFilter(
            tag=tag,
            base_id=base_id,
            bot_id=bot_id,
            list_id=list_id,
            phone=phone,
            text=q,
            external_code=external_code,
            telegram_id=telegram_id,
            created_from=_instant("created_from", created_from),
            created_to=_instant("created_to", created_to),
        )
        async with hub.reading(principal.org_id) as s:
            page = await contacts.list_contacts(
                s, where, limit=limit, cursor=cursor, with_tags=True, with_fields=True
            )
        return wire.ContactPage(
            items=[mapping.contact_out(c) for c in page.items], next_cursor=page.next_cursor
        )

    @post("/")
    async def create_contact(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.ContactIn]
    ) -> wire.ContactOut:
        """Create a contact with its phones, tags and field values."""
        async with hub.writing(principal) as s:
            contact = await contacts.create_contact(s, mapping.contact_draft(data))
        return mapping.contact_out(contact)

    @get("/{ref:str}")
    async def get_contact(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> wire.ContactOut:
        """Read one contact by integer id or UUID."""
        return await read_contact(hub, principal.org_id, ref)

    @patch("/{ref:str}")
    async def update_contact(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        ref: FromPath[str],
        data: JSONBody[wire.ContactIn],
    ) -> wire.ContactOut:
        """Change the fields sent; the others keep their values."""
        async with hub.writing(principal) as s:
            contact = await contacts.update_contact(s, ref, mapping.contact_draft(data))
        return mapping.contact_out(contact)

    @delete("/{ref:str}")
    async def delete_contact(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> None:
        """Delete a contact; it disappears from every API."""
        async with hub.writing(principal) as s:
            await contacts.delete_contact(s, ref)

    @post("/{ref:str}/restore", status_code=200)
    async def restore_contact(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> wire.ContactOut:
        """Bring back a deleted contact within CONTACTHUB_RESTORE_DAYS (409 after, or if it
        is live or erased); its vendor ids, let go at the delete, do not come back."""
        days = request.app.state["settings"].restore_days
        async with hub.writing(principal) as s:
            contact = await lifecycle.restore_contact(s, ref, days)
        return mapping.contact_out(contact)

    @post("/{ref:str}/erase", status_code=204)
    async def erase_contact(self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]) -> None:
        """Erase a contact for good (administrators): its personal data, phones, values, list
        numbers and event bodies; a tombstone and one contact.erased event stay."""
        await erase.erase(hub, principal, ref)

    @get("/{ref:str}/history")
    async def contact_history(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        ref: FromPath[str],
        limit: Limit = None,
        before: HistoryCursor = None,
    ) -> HistoryPage:
        """The contact's changes, newest first: each field before and after, who and through
        which API (a deleted contact's too)."""
        size = check_limit(limit)
        older_than = None if before is None else decode_cursor(before)
        async with hub.reading(principal.org_id) as s:
            found = await feed.contact_history(s, ref, before=older_than, limit=size + 1)
        items = found[:size]
        more = len(found) > size
        return HistoryPage(
            items=[mapping.event_out(event) for event in items],
            next_cursor=encode_cursor(items[-1].seq) if more and items else None,
        )

    @get("/{ref:str}/tags")
    async def list_contact_tags(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> list[wire.TagOut]:
        """The contact's tags."""
        async with hub.reading(principal.org_id) as s:
            found = await contact_tags.contact_tags(s, ref)
        return [mapping.tag_out(tag) for tag in found]

    @post("/{ref:str}/tags")
    async def add_contact_tag(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str], data: JSONBody[wire.TagName]
    ) -> list[wire.TagOut]:
        """Put a tag on the contact (a new name creates the tag); answers all its tags."""
        async with hub.writing(principal) as s:
            found = await contact_tags.tag_contact(s, ref, name=data.name)
        return [mapping.tag_out(tag) for tag in found]

    @put("/{ref:str}/tags")
    async def set_contact_tags(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        ref: FromPath[str],
        data: JSONBody[wire.TagNames],
    ) -> list[wire.TagOut]:
        """Make these names the contact's tags."""
        async with hub.writing(principal) as s:
            found = await contact_tags.set_contact_tags(s, ref, data.tags)
        return [mapping.tag_out(tag) for tag in found]

    @delete("/{ref:str}/tags/{name:str}")
    async def remove_contact_tag(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str], name: FromPath[str]
    ) -> None:
        """Take a tag off the contact."""
        async with hub.writing(principal) as s:
            await contact_tags.untag_contact(s, ref, name=name)

    @get("/{ref:str}/fields")
    async def list_contact_fields(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str]
    ) -> list[wire.FieldValueOut]:
        """The contact's field values."""
        async with hub.reading(principal.org_id) as s:
            values = await contact_fields.contact_values(s, ref)
        return [mapping.field_value_out(value) for value in values]

    @put("/{ref:str}/fields/{name:str}")
    async def set_contact_field(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        ref: FromPath[str],
        name: FromPath[str],
        data: JSONBody[wire.ValueIn],
    ) -> wire.FieldValueOut:
        """Set the contact's value of a field (a new name creates the field)."""
        async with hub.writing(principal) as s:
            value = await contact_fields.set_contact_value(s, ref, data.value, name=name)
        return mapping.field_value_out(value)

    @delete("/{ref:str}/fields/{name:str}")
    async def delete_contact_field(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str], name: FromPath[str]
    ) -> None:
        """Remove the contact's value of a field."""
        async with hub.writing(principal) as s:
            await contact_fields.delete_contact_value(s, ref, name=name)
