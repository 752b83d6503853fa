"""/docs with the control plane on: Swagger UI, offline, shows the control API's operations."""

from __future__ import annotations

from contacthub.app import create_app
from contacthub.config import Settings
from tests.conftest import serving
from tests.test_api_docs import offline_docs


async def test_docs_show_the_control_api_offline(admin_settings: Settings) -> None:
    with serving(create_app(admin_settings)) as url:
        async with offline_docs(url) as page:
            await page.locator(".swagger-ui .info .title").wait_for(timeout=15_000)
            for path in ("/_contacthub/orgs", "/_contacthub/orgs/{org_id}/faults"):
                operation = page.locator(".opblock-summary-path", has_text=path)
                assert await operation.count() >= 1, path
