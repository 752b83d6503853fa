"""/ui/lists: black and white lists and their numbers; /ui/phones: "is this number blocked?".

A number on a black list is blocked for every API (Plusofon's lists, the native ``blocked``):
the page adds and removes entries through the same core functions Plusofon's routes use.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath

from contacthub.core import lists, lookup
from contacthub.core.list_entries import EntryDraft
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.errors import Invalid
from contacthub.ui.forms import MENU_LIMIT, form_of, path_id, text
from contacthub.ui.render import page
from contacthub.ui.session import ViewerDep, redirect


@get("/lists")
async def lists_page(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """The organization's black and white lists, and a form for a new one."""
    async with hub.reading(viewer.org_id) as s:
        found = await lists.list_lists(s, limit=MENU_LIMIT)
    return page(request, viewer, "lists.html", items=found, types=lists.LIST_TYPES)


@post("/lists")
async def create_list(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[None]:
    """Create a list (black or white)."""
    form = await form_of(request)
    async with hub.writing(viewer.principal) as s:
        made = await lists.create_list(s, text(form, "name") or "", text(form, "type") or "")
    return redirect(f"/ui/lists/{made.id}")


@get("/lists/{list_id:str}")
async def list_page(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, list_id: FromPath[str]
) -> Response[str]:
    """One list: its numbers, forms to add and remove them, rename or delete the list."""
    async with hub.reading(viewer.org_id) as s:
        found = await lists.get_list(s, path_id(list_id, "contact list"))
    return page(request, viewer, "list.html", item=found, types=lists.LIST_TYPES)


@post("/lists/{list_id:str}")
async def rename_list(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, list_id: FromPath[str]
) -> Response[None]:
    """Rename a list or change its type."""
    form = await form_of(request)
    number = path_id(list_id, "contact list")
    async with hub.writing(viewer.principal) as s:
        await lists.rename_list(s, number, text(form, "name"), text(form, "type"))
    return redirect(f"/ui/lists/{number}")


@post("/lists/{list_id:str}/delete")
async def delete_list(hub: HubDep, viewer: ViewerDep, list_id: FromPath[str]) -> Response[None]:
    """Delete a list (administrators only)."""
    async with hub.writing(viewer.principal) as s:
        await lists.delete_list(s, path_id(list_id, "contact list"))
    return redirect("/ui/lists")


@post("/lists/{list_id:str}/entries")
async def add_entry(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, list_id: FromPath[str]
) -> Response[None]:
    """Put a number on the list (any format; a black list blocks it for every API)."""
    form = await form_of(request)
    number = text(form, "number")
    if number is None:
        raise Invalid.field("number", "write the number")
    found = path_id(list_id, "contact list")
    entry = EntryDraft(name=text(form, "name") or number, phones=[number])
    async with hub.writing(viewer.principal) as s:
        await lists.add_entry(s, found, entry)
    return redirect(f"/ui/lists/{found}")


@post("/lists/{list_id:str}/entries/{entry_id:str}/delete")
async def delete_entry(
    hub: HubDep, viewer: ViewerDep, list_id: FromPath[str], entry_id: FromPath[str]
) -> Response[None]:
    """Take an entry (its numbers) off the list."""
    found = path_id(list_id, "contact list")
    async with hub.writing(viewer.principal) as s:
        await lists.delete_entry(s, found, path_id(entry_id, "entry"))
    return redirect(f"/ui/lists/{found}")


@get("/phones")
async def phone_page(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[Any]:
    """Is this number blocked? Its E.164 form, the lists and the contacts that hold it."""
    number = text(request.query_params, "number")
    report = None
    error = None
    if number is not None:
        try:
            async with hub.reading(viewer.org_id) as s:
                report = await lookup.lookup_phone(s, number)
        except Invalid as refused:
            error = refused.message
    return page(
        request,
        viewer,
        "phone.html",
        status=422 if error else 200,
        number=number or "",
        report=report,
        error=error,
    )
