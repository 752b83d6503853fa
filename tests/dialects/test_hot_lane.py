"""The hot lane answers its reads with the very bytes Litestar's routes give, and leaves every
other request (errors included) to Litestar."""

from __future__ import annotations

from typing import Any

import httpx

from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.hot import HotContext, HotLane
from contacthub.dialects.native.router import native_dialect
from contacthub.dialects.obzvonilka.router import obzvonilka_dialect
from contacthub.dialects.plusofon.router import plusofon_dialect
from contacthub.dialects.watbot.router import watbot_dialect
from tests.factories import Org, make_hot_reads


class _Fallback:
    """Litestar's place in a lone HotLane: records what the lane passed on."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 599, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def test_hot_reads_answer_what_litestar_answers(
    client: httpx.AsyncClient,
    full_lane: httpx.AsyncClient,
    org: Org,
    settings: Settings,
    hub: Hub,
) -> None:
    routes = [
        route
        for dialect in (
            native_dialect(),
            obzvonilka_dialect(),
            watbot_dialect(),
            plusofon_dialect(),
        )
        for route in dialect.hot
    ]
    fallback = _Fallback()
    lane = HotLane(fallback, HotContext(hub, settings), routes)
    lone = httpx.AsyncClient(transport=httpx.ASGITransport(app=lane), base_url="http://x.test")
    for url, headers in await make_hot_reads(org):
        hot = await client.get(url, headers=headers)
        full = await full_lane.get(url, headers=headers)
        assert hot.status_code == full.status_code == 200, (url, full.text)
        assert hot.content == full.content, url
        assert hot.headers["content-type"] == full.headers["content-type"]
        assert hot.headers["content-length"] == full.headers["content-length"]
        alone = await lone.get(url, headers=headers)
        assert alone.status_code == 200, url  # answered by the lane, not passed on
        assert alone.content == full.content
    assert fallback.paths == []
    await lone.aclose()


async def test_everything_else_goes_to_litestar(
    client: httpx.AsyncClient, full_lane: httpx.AsyncClient, org: Org, other_org: Org
) -> None:
    good = await make_hot_reads(org)
    contact_url, bearer = good[0]
    cases: list[tuple[str, str, dict[str, str]]] = [
        ("GET", contact_url, {}),  # no credential
        ("GET", contact_url, {"Authorization": "Bearer chk_nope"}),
        ("GET", contact_url, other_org.auth),  # another organization's contact
        ("GET", contact_url + "?x=1", bearer),  # a query the route does not take
        ("GET", "/api/hub/v1/contacts/999999", bearer),
        ("GET", "/api/hub/v1/contacts/01890000-0000-7000-8000-000000000000", bearer),
        ("GET", "/api/hub/v1/phones/not-a-number", bearer),
        ("GET", good[4][0], {"X-API-KEY": "wrong"}),
        ("GET", good[4][0].replace("/contact_bases/", "/contact_bases/9"), good[4][1]),
        ("GET", "/api/v1/getContactVariables?contact_id=abc&api_token=" + org.token, {}),
        ("GET", "/api/v1/getContactVariables?api_token=" + org.token, {}),
        ("GET", good[8][0], bearer),  # no Client header
        ("GET", good[8][0], {**bearer, "Client": "1"}),
        ("GET", "/api/v1/contact-lists/types", {**bearer, "Client": "10553"}),
        ("GET", "/api/v1/contact-lists/abc", {**bearer, "Client": "10553"}),
        ("HEAD", contact_url, bearer),
        ("POST", "/api/v1/getContactVariables?api_token=" + org.token, {}),
    ]
    for method, url, headers in cases:
        hot = await client.request(method, url, headers=headers)
        full = await full_lane.request(method, url, headers=headers)
        assert (hot.status_code, hot.content) == (full.status_code, full.content), (method, url)
        assert hot.headers.get("content-type") == full.headers.get("content-type")
    # A GET with a body is Litestar's too (Obzvonilka and Watbot read parameters from bodies).
    body = {"api_key": org.token}
    for lane in (client, full_lane):
        answer = await lane.request("GET", good[4][0], json=body)
        assert answer.status_code == 200
