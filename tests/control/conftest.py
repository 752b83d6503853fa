"""The app with its control plane on (an admin token set), over the suite's Hub."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub

ADMIN_TOKEN = "admin-token-of-the-tests-0123456789abcdef"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CONTACT = {"name": "A", "phones": [{"number": "79161234567"}]}  # a native contact to create


@pytest.fixture(scope="session")
def admin_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})


@pytest.fixture
async def admin_client(admin_settings: Settings, hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP to a fresh app with the control plane (fresh journal and rules for each test)."""
    app = create_app(admin_settings, hub=hub)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


async def new_org(client: httpx.AsyncClient, name: str = "Acme") -> dict[str, str | int]:
    answer = await client.post("/_contacthub/orgs", json={"name": name}, headers=ADMIN)
    assert answer.status_code == 201, answer.text
    created: dict[str, str | int] = answer.json()
    return created


def bearer(org: dict[str, str | int]) -> dict[str, str]:
    return {"Authorization": f"Bearer {org['api_token']}"}
