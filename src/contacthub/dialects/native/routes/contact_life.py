"""/contacts/{ref}/...: a contact's history, and what happens to it as a whole: restore after a
delete, erase for good, merge of duplicates into it. (/contacts itself is routes/contacts.py.)"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from contacthub.core import feed
from contacthub.core.contacts import erase, lifecycle, merge
from contacthub.core.pagination import CURSOR_PATTERN, check_limit, decode_cursor, encode_cursor
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.feed_schemas import HistoryPage, MergeIn
from contacthub.dialects.native.routes.paging import Limit

HistoryCursor = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        description="The previous page's `next_cursor`: the events before it",
        schema_extra={"one_of": None, "type": "string", "pattern": CURSOR_PATTERN},
    ),
]


class ContactLifeController(Controller):
    path = "/contacts"
    tags = ["contacts"]

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

    @post("/{ref:str}/merge", status_code=200)
    async def merge_contacts(
        self, hub: HubDep, principal: PrincipalDep, ref: FromPath[str], data: JSONBody[MergeIn]
    ) -> wire.ContactOut:
        """Fold the contacts of ``from`` into this one (one transaction, one contact.merged
        event); their ids and UUIDs answer this contact from then on, in every API."""
        async with hub.writing(principal) as s:
            contact = await merge.merge_contacts(s, ref, data.from_, prefer=data.prefer)
        return mapping.contact_out(contact)
