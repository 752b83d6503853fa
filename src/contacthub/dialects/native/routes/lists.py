"""/lists: black and white lists of numbers, and their entries."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody
from msgspec import UnsetType

from contacthub.core import lists
from contacthub.core.scope import Scope
from contacthub.dialects.http import HubDep, PrincipalDep
from contacthub.dialects.native import mapping
from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.routes import vendor_ids
from contacthub.dialects.native.routes.paging import Cursor, Limit, read_page


class ListController(Controller):
    path = "/lists"
    tags = ["contact lists"]

    @get("/")
    async def list_lists(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        limit: Limit = None,
        cursor: Cursor = None,
    ) -> wire.ListPage:
        """List contact lists by id (without their entries)."""
        known: dict[int, vendor_ids.VendorIds] = {}

        async def fetch(s: Scope, after: int, size: int) -> list[lists.ContactList]:
            found = await lists.list_lists(s, after=after, limit=size)
            known.update(await vendor_ids.known(s, "list", found))
            return found

        page = await read_page(hub, principal.org_id, fetch, limit, cursor)
        return wire.ListPage(
            items=[mapping.list_out(found, known.get(found.id)) for found in page.items],
            next_cursor=page.next_cursor,
        )

    @post("/")
    async def create_list(
        self, hub: HubDep, principal: PrincipalDep, data: JSONBody[wire.ListIn]
    ) -> wire.ListDetailOut:
        """Create a list with its entries (``vendor_ids``: its Plusofon id, 409 if taken)."""
        async with hub.writing(principal) as s:
            found = await lists.create_list(
                s, data.name, data.type, mapping.entry_drafts(data.entries)
            )
            ids = await vendor_ids.change(s, "list", found.id, data.vendor_ids)
        return mapping.list_detail_out(found, ids)

    @get("/{list_id:int}")
    async def get_list(
        self, hub: HubDep, principal: PrincipalDep, list_id: FromPath[int]
    ) -> wire.ListDetailOut:
        """Read a list with its entries."""
        async with hub.reading(principal.org_id) as s:
            found = await lists.get_list(s, list_id)
            return mapping.list_detail_out(found, await vendor_ids.of_one(s, "list", found.id))

    @patch("/{list_id:int}")
    async def update_list(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        list_id: FromPath[int],
        data: JSONBody[wire.ListPatch],
    ) -> wire.ListOut:
        """Rename a list, change its type or its vendor ids (``null`` removes one); its entries
        stay."""
        name = None if isinstance(data.name, UnsetType) else data.name
        kind = None if isinstance(data.type, UnsetType) else data.type
        async with hub.writing(principal) as s:
            found = await lists.rename_list(s, list_id, name, kind)
            ids = await vendor_ids.change(s, "list", found.id, data.vendor_ids)
        return mapping.list_out(found, ids)

    @delete("/{list_id:int}")
    async def delete_list(
        self, hub: HubDep, principal: PrincipalDep, list_id: FromPath[int]
    ) -> None:
        """Delete a list and its entries."""
        async with hub.writing(principal) as s:
            await lists.delete_list(s, list_id)

    @put("/{list_id:int}/entries")
    async def replace_entries(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        list_id: FromPath[int],
        data: JSONBody[wire.EntriesIn],
    ) -> wire.ListDetailOut:
        """Replace all entries of a list at once (one transaction)."""
        async with hub.writing(principal) as s:
            current = await lists.get_list(s, list_id, with_entries=False)
            found = await lists.replace_list(
                s, list_id, current.name, current.type, mapping.entry_drafts(data.entries)
            )
            ids = await vendor_ids.of_one(s, "list", found.id)
        return mapping.list_detail_out(found, ids)

    @post("/{list_id:int}/entries")
    async def add_entry(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        list_id: FromPath[int],
        data: JSONBody[wire.EntryIn],
    ) -> wire.EntryOut:
        """Add one entry (a name and its numbers) to a list."""
        async with hub.writing(principal) as s:
            entry = await lists.add_entry(s, list_id, mapping.entry_drafts([data])[0])
        return mapping.entry_out(entry)

    @delete("/{list_id:int}/entries/{entry_id:int}")
    async def delete_entry(
        self, hub: HubDep, principal: PrincipalDep, list_id: FromPath[int], entry_id: FromPath[int]
    ) -> None:
        """Remove one entry from a list."""
        async with hub.writing(principal) as s:
            await lists.delete_entry(s, list_id, entry_id)
