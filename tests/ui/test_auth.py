"""Signing in and out of the web interface: cookie, CSRF, rate limit, the session's end."""

from __future__ import annotations

import httpx

from contacthub.core.users import User
from tests.factories import Org, make_user
from tests.ui.support import PASSWORD, csrf_of, sign_in


async def test_a_page_without_a_session_sends_the_browser_to_sign_in(
    browser: httpx.AsyncClient,
) -> None:
    answer = await browser.get("/ui/contacts?q=ab")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/ui/login?next=/ui/contacts%3Fq%3Dab"


async def test_signing_in_sets_an_http_only_same_site_cookie_and_goes_back(
    browser: httpx.AsyncClient, admin: User
) -> None:
    form = await browser.get("/ui/login?next=/ui/lists")
    assert 'name="email"' in form.text
    assert 'name="password"' in form.text
    answer = await browser.post(
        "/ui/login",
        data={"email": admin.email, "password": PASSWORD, "csrf": csrf_of(form),
              "next": "/ui/lists"},
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/ui/lists"
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie"
                  and v.startswith("contacthub_session="))  # fmt: skip
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/ui" in cookie
    assert "Secure" not in cookie  # plain http here; https gets Secure (below)
    page = await browser.get("/ui/contacts")
    assert page.status_code == 200
    assert "Анна Админ" in page.text


async def test_the_cookie_is_secure_over_https(app: object, admin: User) -> None:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="https://contacthub.test") as tls:
        answer = await sign_in(tls, admin.email)
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]


async def test_a_next_address_of_another_site_is_not_followed(
    browser: httpx.AsyncClient, admin: User
) -> None:
    form = await browser.get("/ui/login")
    answer = await browser.post(
        "/ui/login",
        data={"email": admin.email, "password": PASSWORD, "csrf": csrf_of(form),
              "next": "//evil.example/ui/"},
    )  # fmt: skip
    assert answer.headers["location"] == "/ui/contacts"


async def test_a_wrong_password_shows_the_form_again_with_401(
    browser: httpx.AsyncClient, admin: User
) -> None:
    answer = await sign_in(browser, admin.email, "wrong password")
    assert answer.status_code == 401
    assert "contacthub_session" not in answer.headers.get("set-cookie", "")
    assert 'role="alert"' in answer.text


async def test_the_login_form_refuses_a_post_without_its_token(
    browser: httpx.AsyncClient, admin: User
) -> None:
    answer = await browser.post("/ui/login", data={"email": admin.email, "password": PASSWORD})
    assert answer.status_code == 403
    assert "contacthub_session" not in answer.headers.get("set-cookie", "")


async def test_a_form_without_the_sessions_csrf_token_is_refused(
    signed_in: httpx.AsyncClient,
) -> None:
    answer = await signed_in.post("/ui/logout", data={"csrf": "forged"})
    assert answer.status_code == 403
    assert (await signed_in.get("/ui/contacts")).status_code == 200  # still signed in
    no_token = await signed_in.post("/ui/logout")
    assert no_token.status_code == 403


async def test_signing_out_ends_the_session_on_the_server(signed_in: httpx.AsyncClient) -> None:
    page = await signed_in.get("/ui/contacts")
    session = signed_in.cookies["contacthub_session"]
    answer = await signed_in.post("/ui/logout", data={"csrf": csrf_of(page)})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/ui/login"
    # The old cookie, kept by a thief, opens nothing any more.
    signed_in.cookies.set("contacthub_session", session, path="/ui")
    assert (await signed_in.get("/ui/contacts")).status_code == 303
    # Nor does it as a TWIN bearer token: it was the same login.
    twin = await signed_in.get(
        "/api/v1/clients/attributes", headers={"Authorization": f"Bearer {session}"}
    )
    assert twin.status_code == 401


async def test_failed_logins_meet_the_rate_limit(browser: httpx.AsyncClient, admin: User) -> None:
    statuses = [(await sign_in(browser, admin.email, "wrong")).status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    # Even the right password waits now.
    answer = await sign_in(browser, admin.email)
    assert answer.status_code == 429
    assert int(answer.headers["retry-after"]) >= 1


async def test_a_disabled_user_cannot_sign_in(browser: httpx.AsyncClient, org: Org) -> None:
    user = await make_user(org, "off@example.com", PASSWORD, enabled=False)
    assert (await sign_in(browser, user.email)).status_code == 401


async def test_russian_by_default_english_by_accept_language_or_the_switch(
    browser: httpx.AsyncClient,
) -> None:
    assert "Войти" in (await browser.get("/ui/login")).text
    english = await browser.get("/ui/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Sign in" in english.text
    assert 'lang="en"' in english.text
    mixed = await browser.get("/ui/login", headers={"Accept-Language": "de,ru;q=0.5,en;q=0.4"})
    assert "Войти" in mixed.text
    switched = await browser.get("/ui/lang/en?next=/ui/login")
    assert switched.status_code == 303
    assert switched.headers["location"] == "/ui/login"
    assert "Sign in" in (await browser.get("/ui/login")).text
    assert (await browser.get("/ui/lang/xx")).status_code == 404
