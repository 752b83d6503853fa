"""A hot write's error, rendered by the lane itself with its dialect's framework-free ``render``,
is Litestar's answer to the same request: status, every header in order, and bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.hot import HotContext
from contacthub.dialects.public_urls import UrlPolicy
from contacthub.server.hot_lane import HotLane
from tests.factories import Org, make_base, make_contact

PASSED_ON = 599  # what the stand-in for Litestar answers: the lane did not answer itself


def _headers(answer: httpx.Response) -> list[tuple[str, str]]:
    """Every header in order but the request id (each request has its own)."""
    return [item for item in answer.headers.multi_items() if item[0] != "x-request-id"]


async def _passed_on(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": PASSED_ON, "headers": []})
    await send({"type": "http.response.body", "body": b""})


@pytest.fixture
async def alone(settings: Settings, hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the hot lane alone: what it does not answer comes back as 599."""
    app = create_app(settings, hub=hub)
    lane = HotLane(
        _passed_on, HotContext(hub, settings, UrlPolicy.from_settings(settings)), app.asgi_router
    )
    transport = httpx.ASGITransport(app=lane)
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


async def test_a_hot_writes_error_is_litestars_answer(
    client: httpx.AsyncClient,
    full_lane: httpx.AsyncClient,
    alone: httpx.AsyncClient,
    org: Org,
    other_org: Org,
) -> None:
    base = await make_base(org, "Обзвон")
    contact = await make_contact(org, "Анна", base_id=base.id)
    url = f"/api/contact_bases/{base.id}/contacts.json"
    key = {"X-API-KEY": org.token}
    variable = {"contact_id": str(contact.id), "name": "Город", "value": "Тула"}
    cases: list[tuple[str, dict[str, Any]]] = [
        (url, {"data": {"contact[name]": "x", "contact[email]": "not mail"}, "headers": key}),
        (url, {"data": {"contact[name]": "x"}, "headers": {"X-API-KEY": "wrong"}}),
        (url, {"data": {"contact[name]": "x"}, "headers": other_org.auth}),
        (url.replace(f"/{base.id}/", "/999/"), {"data": {"contact[name]": "x"}, "headers": key}),
        ("/api/v1/setContactVariable", {"data": {**variable, "api_token": "wrong"}}),
        (
            "/api/v1/setContactVariable",
            {"data": {**variable, "contact_id": "999999", "api_token": org.token}},
        ),
    ]
    rendered_by_the_lane = 0
    for target, request in cases:
        hot = await client.post(target, **request)
        full = await full_lane.post(target, **request)
        assert 400 <= full.status_code < 500, (target, full.text)
        assert hot.status_code == full.status_code, (target, hot.text)
        assert hot.content == full.content, target
        assert _headers(hot) == _headers(full), target
        lone = await alone.post(target, **request)
        if lone.status_code != PASSED_ON:
            rendered_by_the_lane += 1
            assert (lone.status_code, lone.content) == (full.status_code, full.content), target
            assert _headers(lone) == _headers(full), target
    # Most of these fail in run(), where the lane renders them rather than declining.
    assert rendered_by_the_lane >= 4
