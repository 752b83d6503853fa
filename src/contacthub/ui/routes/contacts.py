"""/ui/contacts: the table of contacts, searched as one types, filtered and paged by keyset.

The search is the server's own (``q``: the trigram index of the native API's ``q``); the page's
script asks for the table alone (``X-Requested-With: fetch``) a moment after the typing stops,
and without the script the form's button does the same with a whole page.

Keyset pages go forward only, so the way back is kept in the address: ``back`` holds the
cursors of the pages before this one, joined by "." (not in a cursor's base64url alphabet; the
first page's cursor is ""). "Next" pushes this page's cursor, "previous" pops the last one.
Past ``BACK_DEPTH`` pages the oldest are dropped: "previous" then stops there, and "first
page" still goes to the start.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Response, get

from contacthub.core import bases, bots, contacts, lists, lookup, tags
from contacthub.core.contacts import ContactFilter
from contacthub.core.scope import Scope
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.ui.forms import MENU_LIMIT, flag, optional_id, text
from contacthub.ui.render import page, wants_fragment
from contacthub.ui.session import ViewerDep

PAGE_SIZE = 50
BACK_DEPTH = 50  # cursors kept in ``back`` (~20 characters each)
FILTERS = ("q", "tag", "base_id", "bot_id", "list_id", "blocked")


async def menus(s: Scope) -> dict[str, Any]:
    """The organization's tags, bases, bots and lists, for the filters' and forms' selects."""
    return {
        "all_tags": await tags.list_tags(s, limit=MENU_LIMIT),
        "all_bases": await bases.list_bases(s, limit=MENU_LIMIT),
        "all_bots": await bots.list_bots(s, limit=MENU_LIMIT),
        "all_lists": await lists.list_lists(s, limit=MENU_LIMIT),
    }


def contact_filter(query: Any) -> ContactFilter:
    """The filters of the contacts page (also the export's)."""
    return ContactFilter(
        text=text(query, "q"),
        tag=text(query, "tag"),
        base_id=optional_id(query, "base_id"),
        bot_id=optional_id(query, "bot_id"),
        list_id=optional_id(query, "list_id"),
        blocked=flag(query, "blocked"),
    )


def page_url(kept: dict[str, str], cursor: str, back: str | None) -> str:
    """The address of a page of the table: the filters, its cursor, the cursors before it."""
    return "/ui/contacts?" + urlencode(
        {
            **kept,
            **({"cursor": cursor} if cursor else {}),
            **({"back": back} if back is not None else {}),
        }
    )


@get("/contacts")
async def contacts_page(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """The organization's contacts: a search box, filters and keyset pages."""
    query = request.query_params
    where = contact_filter(query)
    chosen = {name: text(query, name) or "" for name in FILTERS}
    fragment = wants_fragment(request)
    async with hub.reading(viewer.org_id) as s:
        found = await contacts.list_contacts(
            s, where, limit=PAGE_SIZE, cursor=text(query, "cursor"), with_tags=True
        )
        blocked = await lookup.blocked_contacts(s, [c.id for c in found.items])
        catalog = await menus(s)
    kept = {name: value for name, value in chosen.items() if value}
    cursor = text(query, "cursor") or ""
    back = query.get("back")
    stack = back.split(".")[-BACK_DEPTH:] if isinstance(back, str) else []
    next_page = previous_page = None
    if found.next_cursor is not None:
        ahead = ".".join([*stack, cursor][-BACK_DEPTH:])
        next_page = page_url(kept, found.next_cursor, ahead)
    if stack:
        previous_page = page_url(kept, stack[-1], ".".join(stack[:-1]) if len(stack) > 1 else None)
    base_names = {base.id: base.name for base in catalog["all_bases"]}
    return page(
        request,
        viewer,
        "contacts.html",
        fragment=fragment,
        items=found.items,
        blocked=blocked,
        base_names=base_names,
        chosen=chosen,
        next_page=next_page,
        previous_page=previous_page,
        first_page=bool(text(query, "cursor")),
        deleted=optional_id(query, "deleted"),
        export_query=urlencode(kept),
        **catalog,
    )
