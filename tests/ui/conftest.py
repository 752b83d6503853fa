"""A browser-like HTTP client per test (its own cookie jar), and a signed-in one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar
from playwright.async_api import Browser, Page, Route, async_playwright

from contacthub.core.users import User
from tests.factories import Org, make_user
from tests.ui.support import CHROMIUM, PASSWORD, sign_in


@pytest.fixture
async def browser(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


@pytest.fixture
async def admin(org: Org) -> User:
    return await make_user(org, "admin@example.com", PASSWORD, name="Анна Админ", admin=True)


@pytest.fixture
async def signed_in(browser: httpx.AsyncClient, admin: User) -> httpx.AsyncClient:
    """``browser`` signed in as the organization's administrator."""
    await sign_in(browser, admin.email)
    return browser


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    """One headless Chromium (Debian's) for the whole session; each test opens its own context."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        await browser.close()


@pytest.fixture
async def tab(chromium: Browser, live_server: str) -> AsyncIterator[Page]:
    """A fresh browser tab (own cookies) that may reach the live server alone."""
    context = await chromium.new_context(locale="ru-RU", base_url=live_server)
    elsewhere: list[str] = []

    async def only_this_server(route: Route) -> None:
        if route.request.url.startswith(live_server + "/"):
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_this_server)
    page = await context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    await context.close()
    assert elsewhere == []
    assert errors == []
