"""/ui/settings: the organization's name, its API tokens and its users (administrators).

A new token's secret is shown once, on the answer to the form that made it (never in an
address, never stored: the database keeps its hash); afterwards the page lists its prefix.
Members see the page without these forms; the core refuses them the writes anyway (403).
An administrator changes another user's role and turns their account off or on (the core's
``users.update_user``; a disabled user's sessions stop working at their next request); their
own, never here: an organization is not left without the administrator who is looking at it.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath

from contacthub.core import organizations, tokens, users
from contacthub.core.principal import AdminAction, require
from contacthub.core.tokens import NewToken
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.errors import Conflict, Invalid
from contacthub.ui.forms import MENU_LIMIT, form_of, path_id, text
from contacthub.ui.render import page
from contacthub.ui.session import Viewer, ViewerDep, redirect


async def _settings_page(
    request: AnyRequest, hub: HubDep, viewer: Viewer, *, new_token: NewToken | None = None
) -> Response[str]:
    found_tokens: list[tokens.ApiToken] = []
    found_users: list[users.User] = []
    if viewer.admin:
        async with hub.reading(viewer.org_id) as s:
            found_tokens = await tokens.list_tokens(s, limit=MENU_LIMIT)
            found_users = await users.list_users(s, limit=MENU_LIMIT)
    return page(
        request,
        viewer,
        "settings.html",
        status=201 if new_token else 200,
        tokens=found_tokens,
        users=found_users,
        new_token=new_token,
        control_enabled=request.app.state.get("control") is not None,
    )


@get("/settings")
async def settings_page(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """The organization's name, API tokens and users."""
    return await _settings_page(request, hub, viewer)


@post("/settings/organization")
async def rename_organization(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep
) -> Response[None]:
    """Rename the organization (administrators only)."""
    name = text(await form_of(request), "name") or ""
    async with hub.writing(viewer.principal) as s:
        await organizations.rename_organization(s, name)
    return redirect("/ui/settings")


@post("/settings/tokens")
async def create_token(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[Any]:
    """Create an API token; its secret is shown on this answer only."""
    label = text(await form_of(request), "label")
    async with hub.writing(viewer.principal) as s:
        made = await tokens.create_token(s, label=label)
    return await _settings_page(request, hub, viewer, new_token=made)


@post("/settings/tokens/{token_id:str}/revoke")
async def revoke_token(hub: HubDep, viewer: ViewerDep, token_id: FromPath[str]) -> Response[None]:
    """Revoke an API token: every API refuses it from now on."""
    async with hub.writing(viewer.principal) as s:
        await tokens.revoke_token(s, path_id(token_id, "API token"))
    return redirect("/ui/settings")


@post("/settings/users")
async def create_user(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[None]:
    """Add a user who signs in here and to TWIN and Plusofon (administrators only)."""
    # Refused before argon2 runs: a member's form costs nothing.
    require(viewer.principal, AdminAction.MANAGE_USERS)
    form = await form_of(request)
    draft = users.UserDraft(
        email=text(form, "email") or "",
        name=text(form, "name"),
        password=str(form.get("password") or ""),
        is_admin=form.get("is_admin") == "yes",
    )
    password_hash = await users.hash_draft_password(draft)
    assert password_hash is not None
    async with hub.writing(viewer.principal) as s:
        await users.create_user(s, draft, password_hash)
    return redirect("/ui/settings")


def _user_changes(form: dict[str, Any]) -> users.UserDraft:
    """The role (``admin``/``member``) and the account's state (``yes``/``no``) the form sets."""
    draft = users.UserDraft()
    role = text(form, "role")
    if role is not None:
        if role not in ("admin", "member"):
            raise Invalid.field("role", "role must be admin or member")
        draft.is_admin = role == "admin"
    enabled = text(form, "enabled")
    if enabled is not None:
        if enabled not in ("yes", "no"):
            raise Invalid.field("enabled", "enabled must be yes or no")
        draft.account_enabled = enabled == "yes"
    return draft


@post("/settings/users/{user_id:str}")
async def change_user(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, user_id: FromPath[str]
) -> Response[None]:
    """Change a user's role or turn their account off or on (administrators only)."""
    require(viewer.principal, AdminAction.MANAGE_USERS)
    draft = _user_changes(await form_of(request))
    target = path_id(user_id, "user")
    if target == viewer.user.id:
        raise Conflict("you may not change your own role or account here")
    async with hub.writing(viewer.principal) as s:
        await users.update_user(s, target, draft)
    return redirect("/ui/settings")


@post("/settings/users/{user_id:str}/delete")
async def delete_user(hub: HubDep, viewer: ViewerDep, user_id: FromPath[str]) -> Response[None]:
    """Delete a user (administrators only); their logins end with them."""
    async with hub.writing(viewer.principal) as s:
        await users.delete_user(s, path_id(user_id, "user"))
    return redirect("/ui/settings")


ROUTES = [
    settings_page,
    rename_organization,
    create_token,
    revoke_token,
    create_user,
    change_user,
    delete_user,
]
