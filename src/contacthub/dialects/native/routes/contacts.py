"""/contacts: people, with their phones, tags and field values."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, Response, delete, get, patch, post, put
from litestar.exceptions import ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIFormat, Schema
from litestar.params import FromPath, JSONBody

from contacthub.core import contact_fields, contact_tags, contacts
from contacthub.core.contacts import ContactFilter, merge
from contacthub.core.contacts.filters import MAX_SEARCH_TEXT
from contacthub.core.ids import MAX_ID, MIN_ID
from contacthub.core.phones import MAX_PHONE_LENGTH
from contacthub.core.scope import Hub
from contacthub.dialects.hot import HotContext, HotRequest, hot_read
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping, wire_rules
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.auth import principal_of
from contacthub.dialects.native.openapi import in_query, problems
from contacthub.dialects.native.routes.paging import Cursor, Limit
from contacthub.errors import Invalid

# A filter id is any stored id (core.contacts refuses others with 422, as the document says).
RecordId = Annotated[int | None, in_query("integer", nullable=True, minimum=MIN_ID, maximum=MAX_ID)]
# No NUL in a text filter (core.contacts refuses it, as PostgreSQL would).
NUL = Schema(pattern=wire_rules.NUL)
# Read here, not by Litestar: its lenient conversion took "0.5" as a Unix time.
Instant = Annotated[str | None, in_query("string", "RFC 3339", format=OpenAPIFormat.DATE_TIME)]


ON_DUPLICATE: tuple[merge.OnDuplicate, ...] = ("create", "reject", "merge")


def _on_duplicate(text: str | None) -> merge.OnDuplicate:
    for choice in ON_DUPLICATE:
        if text in (None, choice):
            return choice
    raise Invalid.field("on_duplicate", "on_duplicate is one of create, reject, merge")


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


async def hot_contact(context: HotContext, request: HotRequest) -> wire.ContactOut:
    """GET /contacts/{ref} in the hot lane: the same credential rule, read and mapping."""
    principal = await principal_of(context.hub, request.header(b"authorization"))
    return await read_contact(context.hub, principal.org_id, request.params["ref"])


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
                "Words, all found in any order, in the name, e-mail, external code, a phone's"
                " digits or a field value (case and ё/е aside; a number as written finds its"
                " digits); where a word starts with them first. A text without three letters or"
                " digits in a row finds word starts only",
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

    @post(
        "/",
        responses={
            200: ResponseSpec(
                data_container=wire.ContactOut,
                description="`on_duplicate=merge` found the contact: it, with the new data",
                generate_examples=False,
            ),
            **problems({409: "`on_duplicate=reject`: a live contact has a number or the code."}),
        },
    )
    async def create_contact(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        data: JSONBody[wire.ContactIn],
        on_duplicate: Annotated[
            str | None,
            in_query(
                "string",
                "What to do when a live contact has one of the numbers or the external code:"
                " `create` another (the default), `reject` (409), `merge` into it (200; its own"
                " values win, it gains the new numbers, tags, values and vendor ids)",
                enum=list(ON_DUPLICATE),
            ),
        ] = None,
    ) -> Response[wire.ContactOut]:
        """Create a contact with its phones, tags and field values."""
        how = _on_duplicate(on_duplicate)
        async with hub.writing(principal) as s:
            draft = mapping.contact_draft(data)
            contact, created = await merge.create_unless_duplicate(s, draft, how)
        return Response(mapping.contact_out(contact), status_code=201 if created else 200)

    @get("/{ref:str}", opt=hot_read(hot_contact))
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
