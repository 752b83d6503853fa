"""Absolute URLs in answers never take a host the client made up (issue 19, item 8).

Three answers carry one: Obzvonilka's created contact (``Location``, hot lane and Litestar),
Plusofon's created list (``Location``) and Watbot's page ``links``. Each is asked with
``Host: evil.example``, with an allowed host, with ``CONTACTHUB_PUBLIC_URL`` set, and through a
proxy that is or is not trusted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.public_urls import UrlPolicy
from tests.dialects.plusofon.support import headers as plusofon_headers
from tests.factories import Org, make_base, make_contact

Ask = Callable[[httpx.AsyncClient, Org, dict[str, str]], Awaitable[str]]


async def _obzvonilka_location(http: httpx.AsyncClient, org: Org, extra: dict[str, str]) -> str:
    base = await make_base(org, "Обзвон")
    answer = await http.post(
        f"/api/contact_bases/{base.id}/contacts.json",
        params={"api_key": org.token},
        json={"contact": {"name": "Анна", "phone1": "+79990001122"}},
        headers=extra,
    )
    assert answer.status_code == 201, answer.text
    return answer.headers["location"]


async def _plusofon_location(http: httpx.AsyncClient, org: Org, extra: dict[str, str]) -> str:
    answer = await http.post(
        "/api/v1/contact-lists",
        json={"name": "Спамеры", "type": "black", "contacts": []},
        headers={**plusofon_headers(org), **extra},
    )
    assert answer.status_code == 201, answer.text
    return answer.headers["location"]


async def _watbot_link(http: httpx.AsyncClient, org: Org, extra: dict[str, str]) -> str:
    await make_contact(org, "Анна", ["79990001122"])
    answer = await http.get(
        "/api/v1/getContacts", params={"api_token": org.token, "count": 1}, headers=extra
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["links"]["first"])


ASKS: dict[str, Ask] = {
    "obzvonilka Location": _obzvonilka_location,
    "plusofon Location": _plusofon_location,
    "watbot links": _watbot_link,
}


@pytest.fixture
def serve_with(settings: Settings, hub: Hub) -> Callable[..., Any]:
    def client_for(hot_lane: bool = True, **changes: Any) -> httpx.AsyncClient:
        app = create_app(settings.model_copy(update=changes), hub=hub, hot_lane=hot_lane)
        # As uvicorn gives it: the address the server listens on, the peer's address.
        transport = httpx.ASGITransport(app=app, client=("10.0.0.7", 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")

    return client_for


@pytest.fixture(params=[True, False], ids=["hot-lane", "litestar"])
async def default_client(
    request: pytest.FixtureRequest, serve_with: Callable[..., httpx.AsyncClient]
) -> AsyncIterator[httpx.AsyncClient]:
    async with serve_with(hot_lane=request.param) as http:
        yield http


@pytest.mark.parametrize("ask", ASKS.values(), ids=ASKS.keys())
async def test_a_host_nobody_allowed_is_never_reflected(
    default_client: httpx.AsyncClient, org: Org, ask: Ask
) -> None:
    url = await ask(default_client, org, {"Host": "evil.example"})
    assert "evil.example" not in url
    assert url.startswith("http://127.0.0.1:8000/"), url  # the server's own address


@pytest.mark.parametrize("ask", ASKS.values(), ids=ASKS.keys())
async def test_an_allowed_host_is_used(
    serve_with: Callable[..., httpx.AsyncClient], org: Org, ask: Ask
) -> None:
    async with serve_with(allowed_hosts=["*.example.com"]) as http:
        url = await ask(http, org, {"Host": "contacts.example.com:8443"})
        assert url.startswith("http://contacts.example.com:8443/"), url
        assert "example.com.evil" not in await ask(http, org, {"Host": "example.com.evil"})


@pytest.mark.parametrize("ask", ASKS.values(), ids=ASKS.keys())
async def test_the_public_url_wins_over_any_host(
    serve_with: Callable[..., httpx.AsyncClient], org: Org, ask: Ask
) -> None:
    async with serve_with(public_url="https://hub.example.com/contacts/") as http:
        url = await ask(http, org, {"Host": "localhost", "X-Forwarded-Host": "evil.example"})
        assert url.startswith("https://hub.example.com/contacts/api/"), url


@pytest.mark.parametrize("ask", ASKS.values(), ids=ASKS.keys())
async def test_forwarded_headers_count_only_from_a_trusted_proxy(
    serve_with: Callable[..., httpx.AsyncClient], org: Org, ask: Ask
) -> None:
    forwarded = {"X-Forwarded-Host": "hub.example.com", "X-Forwarded-Proto": "https"}
    async with serve_with(allowed_hosts=["hub.example.com"]) as untrusted:
        url = await ask(untrusted, org, forwarded)
        assert url.startswith("http://127.0.0.1:8000/"), url
    async with serve_with(allowed_hosts=["hub.example.com"], trusted_proxies=["10.0.0.0/8"]) as via:
        assert (await ask(via, org, forwarded)).startswith("https://hub.example.com/")
        # Still only an allowed host, even from the proxy (it passes on what the client wrote).
        evil = await ask(via, org, {"X-Forwarded-Host": "evil.example"})
        assert "evil.example" not in evil


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost:8000", True),
        ("LOCALHOST", True),
        ("[::1]:8000", True),
        ("127.0.0.1", True),
        ("evil.example", False),
        ("localhost.evil.example", False),
        ("localhost@evil.example", False),
        ("", False),
    ],
)
def test_which_hosts_the_default_list_allows(host: str, allowed: bool) -> None:
    policy = UrlPolicy.from_settings(Settings(_env_file=None))  # type: ignore[call-arg]
    assert policy.allows(host) is allowed


def test_the_settings_read_comma_separated_lists_and_refuse_bad_values() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, allowed_hosts="a.example, b.example", trusted_proxies="10.0.0.1"
    )
    assert settings.allowed_hosts == ["a.example", "b.example"]
    assert settings.trusted_proxies == ["10.0.0.1"]
    for bad in ({"trusted_proxies": "not-an-address"}, {"public_url": "ftp://x"}):
        with pytest.raises(ValueError, match=r"trusted_proxies|public_url"):
            Settings(_env_file=None, **bad)  # type: ignore[call-arg, arg-type]
