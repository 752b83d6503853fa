"""Who is looking at a page: the session cookie, its CSRF token, and the viewer it names.

    POST /ui/login --sessions.log_in (login_limits)--> cookie = the login's access token
    every page     --cookie--> sessions.authenticate --> Principal --> Viewer (user, org)
    every POST     --the form's ``csrf`` (or X-CSRF-Token) == HMAC(key, the cookie)--> handler
    POST /ui/logout --sessions.revoke--> the login ends; the cookie is cleared

The cookie holds the same access token a TWIN or Plusofon login gets (core/sessions.py), so a
disabled user, a new password or a sign-out ends it for every process at once. It is HttpOnly
(no script reads it), SameSite=Lax (another site's form does not carry it) and Secure when the
page is served over https. The CSRF token is derived from the session (a synchronizer token
nobody can compute without the signing key), so it needs no storage and dies with the session.
The login form, which has no session yet, carries a random value also set in a cookie of its
own (a double submit), so another site cannot sign a browser in to an account of its choosing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import cast

from litestar import Response
from litestar.datastructures import Cookie
from litestar.di import NamedDependency

from contacthub.config import Settings
from contacthub.core import organizations, sessions, users
from contacthub.core.organizations import Organization
from contacthub.core.principal import Principal
from contacthub.core.sessions import SessionPolicy
from contacthub.core.users import User
from contacthub.dialects.http import AnyRequest, HubDep, session_policy
from contacthub.errors import Forbidden, Unauthorized
from contacthub.ui.i18n import Locale, locale_of

COOKIE = "contacthub_session"
LOGIN_COOKIE = "contacthub_login"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# A working day; the person signs in again the next morning.
SESSION_SECONDS = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignInRequired(Exception):
    """No live session: the page sends the browser to the sign-in form."""

    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person, their organization and what the page needs to know of them."""

    principal: Principal
    user: User
    org: Organization
    csrf: str
    locale: Locale

    @property
    def org_id(self) -> int:
        return self.principal.org_id

    @property
    def admin(self) -> bool:
        return self.principal.admin


# A handler's ``viewer`` parameter: filled by ``provide_viewer`` (the router's dependency).
ViewerDep = NamedDependency[Viewer]


def policy(request: AnyRequest) -> SessionPolicy:
    return session_policy(cast(Settings, request.app.state.settings))


def csrf_token(key: bytes, session_token: str) -> str:
    """The CSRF token of a session: an HMAC of its access token under the signing key."""
    digest = hmac.new(key, b"ui-csrf\0" + session_token.encode(), hashlib.sha256).hexdigest()
    return digest[:40]


def _secure(request: AnyRequest) -> bool:
    settings = cast(Settings, request.app.state.settings)
    public = settings.public_url or ""
    return request.url.scheme == "https" or public.startswith("https://")


def session_cookie(request: AnyRequest, token: str | None) -> Cookie:
    """The session cookie holding ``token``; None clears it."""
    return Cookie(
        key=COOKIE,
        value=token or "",
        path="/ui",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=SESSION_SECONDS if token else 0,
    )


def login_form_cookie(request: AnyRequest) -> tuple[str, Cookie]:
    """A fresh value for the login form's CSRF field, and the cookie that carries it."""
    value = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    cookie = Cookie(
        key=LOGIN_COOKIE,
        value=value,
        path="/ui/login",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=3600,
    )
    return value, cookie


def check_login_form(request: AnyRequest, sent: str | None) -> None:
    kept = request.cookies.get(LOGIN_COOKIE)
    if not kept or not sent or not hmac.compare_digest(kept.encode(), sent.encode()):
        raise Forbidden("the form has expired; reload the page", code="csrf_failed")


async def _sent_csrf(request: AnyRequest) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type[0] in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def provide_viewer(request: AnyRequest, hub: HubDep) -> Viewer:
    """The signed-in viewer of a page; every unsafe request must carry the session's CSRF token."""
    token = request.cookies.get(COOKIE)
    rules = policy(request)
    try:
        principal = await sessions.authenticate(hub, rules, token)
    except Unauthorized:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(back) from None
    assert token is not None
    expected = csrf_token(rules.key, token)
    if request.method not in SAFE_METHODS:
        sent = await _sent_csrf(request)
        if sent is None or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise Forbidden("the form has expired; reload the page", code="csrf_failed")
    assert principal.user_id is not None
    async with hub.reading(principal.org_id) as s:
        user = await users.get_user(s, principal.user_id)
        org = await organizations.get_organization(s)
    return Viewer(principal, user, org, expected, locale_of(request))


def redirect(location: str, *, cookies: list[Cookie] | None = None) -> Response[None]:
    """303 See Other: after a form, the browser GETs the page that shows its result."""
    return Response(None, status_code=303, headers={"Location": location}, cookies=cookies)
