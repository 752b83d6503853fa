"""/docs in a real headless Chromium: Swagger UI draws the native API, nothing from the internet.

The browser may reach only the live server; any other request is aborted and counted, and a
Content-Security-Policy refusal shows as a console error. Chromium is Debian's (scripts/test
installs it), driven by Playwright.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import ConsoleMessage, Page, Route, async_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@asynccontextmanager
async def offline_docs(live_server: str) -> AsyncIterator[Page]:
    """/docs loaded in Chromium that may reach only the live server; after the test's body,
    nothing went elsewhere and the console logged no error."""
    elsewhere: list[str] = []
    console_errors: list[str] = []

    async def only_this_server(route: Route) -> None:
        if route.request.url.startswith(live_server + "/"):
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = await browser.new_page()
            page.on("console", on_console)
            await page.route("**/*", only_this_server)
            await page.goto(f"{live_server}/docs")
            yield page
        finally:
            await browser.close()
    assert elsewhere == []
    assert console_errors == []


async def test_swagger_ui_renders_the_native_api_offline(live_server: str) -> None:
    async with offline_docs(live_server) as page:
        title = page.locator(".swagger-ui .info .title")
        await title.wait_for(timeout=15_000)
        assert "contacthub" in await title.inner_text()
        operation = page.locator(".opblock-summary-path", has_text="/api/hub/v1/contacts")
        assert await operation.count() >= 1


async def test_swagger_ui_shows_a_vendors_operations_offline(live_server: str) -> None:
    """The top bar's dropdown lists the vendor documents; Watbot's draws its methods."""
    async with offline_docs(live_server) as page:
        await page.locator(".swagger-ui .info .title").wait_for(timeout=15_000)
        choices = await page.locator(".topbar select option").all_inner_texts()
        assert {"contacthub", "Watbot", "Obzvonilka", "TWIN", "Plusofon"} <= set(choices)
        await page.select_option(".topbar select", label="Watbot")
        title = page.locator(".swagger-ui .info .title", has_text="Watbot")
        await title.wait_for(timeout=15_000)
        for method in ("/api/v1/getContacts", "/api/v1/setContactVariable"):
            operation = page.locator(".opblock-summary-path", has_text=method)
            assert await operation.count() == 5, method  # GET, POST, PUT, PATCH, DELETE
        scheme = page.locator(".btn.authorize")
        assert await scheme.count() >= 1  # the credentials: api_token and Bearer
        await page.select_option(".topbar select", label="Obzvonilka")
        await page.locator(".swagger-ui .info .title", has_text="Obzvonilka").wait_for()
        path = "/api/contact_bases/{base_ref}/contacts.json"
        operation = page.locator(".opblock-summary-path", has_text=path)
        assert await operation.count() == 2, path  # GET and POST
        await page.select_option(".topbar select", label="TWIN")
        await page.locator(".swagger-ui .info .title", has_text="TWIN").wait_for()
        path = "/api/v1/clients/{client_id}/attributes/{attribute_id}"
        operation = page.locator(".opblock-summary-path", has_text=path)
        assert await operation.count() == 2, path  # POST and DELETE
