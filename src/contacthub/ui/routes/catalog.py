"""/ui/tags, /ui/bases, /ui/bots, /ui/fields: the names contacts hang on; list, add, rename, delete.

The four are one page shape, so their handlers are made by one function from a ``Kind`` that
names the core's functions for it. Deleting needs an administrator (core/principal.py): a
member gets the 403 page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath

from contacthub.core import bases, bots, fields, tags
from contacthub.core.scope import Scope
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.ui.forms import MENU_LIMIT, form_of, path_id, text
from contacthub.ui.render import page
from contacthub.ui.session import ViewerDep, redirect


@dataclass(frozen=True)
class Kind:
    path: str  # under /ui
    title: str  # a message of the catalog, plural
    what: str  # the record's name in errors
    note: str  # what the page says of them
    listed: Callable[[Scope], Awaitable[list[Any]]]
    create: Callable[[Scope, str], Awaitable[Any]]
    rename: Callable[[Scope, int, str], Awaitable[Any]]
    delete: Callable[[Scope, int], Awaitable[None]]


KINDS = (
    Kind(
        "tags", "Tags", "tag", "Tags are shared by every API: Watbot's and the native one.",
        lambda s: tags.list_tags(s, limit=MENU_LIMIT), tags.create_tag, tags.rename_tag,
        tags.delete_tag,
    ),
    Kind(
        "bases", "Bases", "base", "Contact bases are Obzvonilka's dialer bases.",
        lambda s: bases.list_bases(s, limit=MENU_LIMIT),
        lambda s, name: bases.create_base(s, bases.BaseDraft(name=name)),
        lambda s, id_, name: bases.update_base(s, id_, bases.BaseDraft(name=name)),
        bases.delete_base,
    ),
    Kind(
        "bots", "Bots", "bot", "Bots are Watbot's; a contact belongs to at most one.",
        lambda s: bots.list_bots(s, limit=MENU_LIMIT), bots.create_bot, bots.rename_bot,
        bots.delete_bot,
    ),
    Kind(
        "fields", "Fields",
        "field", "Custom fields: Watbot calls them variables, TWIN client attributes.",
        lambda s: fields.list_fields(s, limit=MENU_LIMIT), fields.create_field,
        fields.rename_field, fields.delete_field,
    ),
)  # fmt: skip


def routes_of(kind: Kind) -> list[Any]:
    """The four handlers of a catalog page."""
    root = f"/{kind.path}"

    async def show(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
        async with hub.reading(viewer.org_id) as s:
            items = await kind.listed(s)
        return page(request, viewer, "catalog.html", kind=kind, items=items)

    async def create(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[None]:
        name = text(await form_of(request), "name") or ""
        async with hub.writing(viewer.principal) as s:
            await kind.create(s, name)
        return redirect(f"/ui{root}")

    async def rename(
        request: AnyRequest, hub: HubDep, viewer: ViewerDep, record_id: FromPath[str]
    ) -> Response[None]:
        name = text(await form_of(request), "name") or ""
        async with hub.writing(viewer.principal) as s:
            await kind.rename(s, path_id(record_id, kind.what), name)
        return redirect(f"/ui{root}")

    async def delete(hub: HubDep, viewer: ViewerDep, record_id: FromPath[str]) -> Response[None]:
        async with hub.writing(viewer.principal) as s:
            await kind.delete(s, path_id(record_id, kind.what))
        return redirect(f"/ui{root}")

    show.__doc__ = f"The organization's {kind.path}, with forms to add, rename and delete."
    create.__doc__ = f"Add one of the {kind.path}."
    rename.__doc__ = f"Rename one of the {kind.path}."
    delete.__doc__ = f"Delete one of the {kind.path} (administrators only)."
    for handler in (show, create, rename, delete):
        handler.__name__ = handler.__qualname__ = f"{handler.__name__}_{kind.path}"
    return [
        get(root, name=f"ui-{kind.path}")(show),
        post(root)(create),
        post(f"{root}/{{record_id:str}}")(rename),
        post(f"{root}/{{record_id:str}}/delete")(delete),
    ]


ROUTES = [handler for kind in KINDS for handler in routes_of(kind)]
