"""/docs with the control plane on: Swagger UI, offline, shows the control API's operations."""

from __future__ import annotations

from playwright.async_api import Route, async_playwright

from contacthub.app import create_app
from contacthub.config import Settings
from tests.conftest import serving
from tests.test_api_docs import CHROMIUM


async def test_docs_show_the_control_api_offline(admin_settings: Settings) -> None:
    elsewhere: list[str] = []
    with serving(create_app(admin_settings)) as url:

        async def only_this_server(route: Route) -> None:
            if route.request.url.startswith(url + "/"):
                await route.continue_()
            else:
                elsewhere.append(route.request.url)
                await route.abort()

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            try:
                page = await browser.new_page()
                await page.route("**/*", only_this_server)
                await page.goto(f"{url}/docs")
                await page.locator(".swagger-ui .info .title").wait_for(timeout=15_000)
                for path in ("/_contacthub/orgs", "/_contacthub/orgs/{org_id}/faults"):
                    operation = page.locator(".opblock-summary-path", has_text=path)
                    assert await operation.count() >= 1, path
            finally:
                await browser.close()
    assert elsewhere == []
