"""Signing in and out, and the language switch."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath

from contacthub.core import sessions
from contacthub.dialects.http import AnyRequest, HubDep, client_address
from contacthub.errors import NotFound, RateLimited, Unauthorized
from contacthub.ui.i18n import LANG_COOKIE, LOCALES
from contacthub.ui.render import page
from contacthub.ui.session import (
    COOKIE,
    SESSION_SECONDS,
    ViewerDep,
    check_login_form,
    login_form_cookie,
    policy,
    redirect,
    session_cookie,
)

HOME = "/ui/contacts"


def _local(target: str | None) -> str:
    """Where to go after signing in: a page of ours, never another site (an open redirect)."""
    if target and target.startswith("/ui/") and not target.startswith(("//", "/ui//")):
        return target
    return HOME


def _login_page(
    request: AnyRequest, *, status: int = 200, error: str | None = None, email: str = ""
) -> Response[str]:
    value, cookie = login_form_cookie(request)
    return page(
        request,
        None,
        "login.html",
        status=status,
        cookies=[cookie],
        form_csrf=value,
        error=error,
        email=email,
        back=_local(request.query_params.get("next")),
    )


@get("/", sync_to_thread=False)
def home() -> Response[None]:
    """The web interface's front page: the contacts."""
    return redirect(HOME)


@get("/login")
async def login_form(request: AnyRequest, hub: HubDep) -> Response[Any]:
    """The sign-in form (a signed-in browser goes on to the contacts)."""
    try:
        await sessions.authenticate(hub, policy(request), request.cookies.get(COOKIE))
    except Unauthorized:
        return _login_page(request)
    return redirect(_local(request.query_params.get("next")))


@post("/login")
async def log_in(request: AnyRequest, hub: HubDep) -> Response[Any]:
    """Sign in with an e-mail and a password; failures count against the login rate limit."""
    form = await request.form()
    email = str(form.get("email") or "")
    password = str(form.get("password") or "")
    check_login_form(request, str(form.get("csrf") or ""))
    try:
        tokens = await sessions.log_in(
            hub,
            policy(request),
            email,
            password,
            address=client_address(request),
            ttl_seconds=SESSION_SECONDS,
        )
    except Unauthorized:
        return _login_page(request, status=401, error="Wrong e-mail or password.", email=email)
    except RateLimited as error:
        answer = _login_page(
            request, status=429, error="Too many failed attempts; try again later.", email=email
        )
        answer.headers["Retry-After"] = str(error.retry_after)
        return answer
    back = _local(str(form.get("next") or ""))
    return redirect(back, cookies=[session_cookie(request, tokens.access_token)])


@post("/logout")
async def log_out(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[None]:
    """Sign out: the login ends on the server, not only in this browser."""
    token = request.cookies.get(COOKIE)
    if token:
        await sessions.revoke(hub, token)
    return redirect("/ui/login", cookies=[session_cookie(request, None)])


@get("/lang/{code:str}", sync_to_thread=False)
def switch_language(request: AnyRequest, code: FromPath[str]) -> Response[None]:
    """Show the interface in this language from now on (ru or en)."""
    if code not in LOCALES:
        raise NotFound(f"no language {code!r}")
    back = _local(request.query_params.get("next"))
    cookie = Cookie(key=LANG_COOKIE, value=code, path="/ui", samesite="lax", max_age=365 * 86400)
    return redirect(back, cookies=[cookie])
