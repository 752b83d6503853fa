"""The hot lane answers its reads with the very bytes Litestar's routes give, and leaves every
other request (errors included) to Litestar; its writes answer as Litestar's do, and write once.
The requests tried here are checked against the handlers marked hot: a route marked hot without
a case here fails ``test_every_route_marked_hot_is_compared``."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.utils import normalize_path
from prometheus_client import generate_latest

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.dialects.hot import HOT, HotContext, HotRead, HotWrite
from contacthub.dialects.native.routes import contacts as native_contacts
from contacthub.dialects.public_urls import UrlPolicy
from contacthub.server.hot_lane import HotLane
from tests.factories import Org, give_vendor_id, make_base, make_contact, make_hot_reads


class _Fallback:
    """Litestar's place in a lone HotLane: records what the lane passed on."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 599, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def marked_hot(app: Litestar) -> set[tuple[str, str]]:
    """(method, path template) of every handler marked hot, each path a handler serves."""
    marked = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            mark = handler.opt.get(HOT)
            if isinstance(mark, HotRead):
                marked.add(("GET", route.path_format))
            elif isinstance(mark, HotWrite):
                marked.add((mark.method, route.path_format))
    return marked


def hot_template(app: Litestar, method: str, url: str) -> tuple[str, str] | None:
    """(method, path template) a request is routed to, if its handler is marked hot."""
    path = normalize_path(httpx.URL(url).path)
    _, handler, _, _, template = app.asgi_router.handle_routing(path, method)
    if HOT not in handler.opt:
        return None
    # The template as route.path_format writes it (no parameter types).
    return method, re.sub(r"\{(\w+):\w+\}", r"{\1}", template)


@pytest.fixture
async def lone(settings: Settings, hub: Hub) -> AsyncIterator[tuple[httpx.AsyncClient, _Fallback]]:
    """A client of the hot lane alone, and what the lane passed on to its stand-in Litestar."""
    fallback = _Fallback()
    app = create_app(settings, hub=hub)
    lane = HotLane(
        fallback, HotContext(hub, settings, UrlPolicy.from_settings(settings)), app.asgi_router
    )
    transport = httpx.ASGITransport(app=lane)
    async with httpx.AsyncClient(transport=transport, base_url="http://x.test") as http:
        yield http, fallback


async def test_hot_reads_answer_what_litestar_answers(
    client: httpx.AsyncClient,
    full_lane: httpx.AsyncClient,
    lone: tuple[httpx.AsyncClient, _Fallback],
    org: Org,
) -> None:
    alone_lane, fallback = lone
    for url, headers in await make_hot_reads(org):
        hot = await client.get(url, headers=headers)
        full = await full_lane.get(url, headers=headers)
        assert hot.status_code == full.status_code == 200, (url, full.text)
        assert hot.content == full.content, url
        assert hot.headers["content-type"] == full.headers["content-type"]
        assert hot.headers["content-length"] == full.headers["content-length"]
        alone = await alone_lane.get(url, headers=headers)
        assert alone.status_code == 200, url  # answered by the lane, not passed on
        assert alone.content == full.content
    assert fallback.paths == []


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


async def test_every_route_marked_hot_is_compared(settings: Settings, hub: Hub, org: Org) -> None:
    """The reads and writes compared in this file reach every handler marked hot (and only
    those): a new mark without a comparison here fails."""
    app = create_app(settings, hub=hub)
    marked = marked_hot(app)
    assert marked  # the marks are found at all
    base = await make_base(org, "Обзвон")
    contact = await make_contact(org, "Анна", base_id=base.id)
    tried = [("GET", url) for url, _ in await make_hot_reads(org)]
    tried += [("POST", url) for url, _ in _hot_writes(org, base.id, contact.id)]
    reached = {hot_template(app, method, url) for method, url in tried}
    assert reached == marked


def declined(reason: str) -> float:
    """contacthub_hot_declined_total of this reason, in this process."""
    found = re.search(
        rf'contacthub_hot_declined_total{{reason="{reason}"}} ([0-9.e+]+)',
        generate_latest().decode(),
    )
    return float(found[1]) if found else 0.0


async def test_a_declined_hot_request_is_counted_by_reason(
    client: httpx.AsyncClient, org: Org
) -> None:
    before = {reason: declined(reason) for reason in ("refused", "query")}
    bearer = {"Authorization": f"Bearer {org.token}"}
    assert (await client.get("/api/hub/v1/contacts/999999", headers=bearer)).status_code == 404
    assert (await client.get("/api/hub/v1/contacts/1?x=1", headers=bearer)).status_code == 404
    assert declined("refused") == before["refused"] + 1
    assert declined("query") == before["query"] + 1


async def test_a_failing_hot_read_is_logged_counted_and_answered_by_litestar(
    client: httpx.AsyncClient,
    org: Org,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    contact = await make_contact(org, "Анна")
    original = native_contacts.read_contact
    calls: list[str] = []

    async def broken_once(hub: Hub, org_id: int, ref: str) -> Any:
        # The lane's call fails as a bug would; Litestar's, after the lane declines, reads.
        calls.append(ref)
        if len(calls) == 1:
            raise RuntimeError("a bug in the hot lane")
        return await original(hub, org_id, ref)

    monkeypatch.setattr(native_contacts, "read_contact", broken_once)
    before = declined("error")
    with caplog.at_level("ERROR", logger="contacthub.hot"):
        answer = await client.get(f"/api/hub/v1/contacts/{contact.id}", headers=org.auth)
    assert answer.status_code == 200
    assert answer.json()["name"] == "Анна"
    assert len(calls) == 2  # the lane's try, then Litestar's
    assert any("a bug in the hot lane" in str(record.exc_info) for record in caplog.records)
    assert declined("error") == before + 1


# --- writes ----------------------------------------------------------------------------------

_MASKED = re.compile(rb'("(?:id|uuid|created_at|updated_at)":)("[^"]*"|\d+)')


def _masked(body: bytes) -> bytes:
    """A write's answer without what differs between two writes of the same thing."""
    return _MASKED.sub(rb"\1_", body)


def _hot_writes(org: Org, base_id: int, contact_id: int) -> list[tuple[str, dict[str, Any]]]:
    """(URL, httpx request arguments) of every hot write route, each a success."""
    obzvonilka = f"/api/contact_bases/{base_id}/contacts"
    variable = {"contact_id": str(contact_id), "name": "Город", "value": "Тула"}
    return [
        (
            obzvonilka + ".json",
            {
                "data": {"contact[name]": "Ёж", "contact[phone1]": "89261234567"},
                "headers": {"X-API-KEY": org.token},
            },
        ),
        (obzvonilka, {"json": {"contact": {"name": "Ёж"}}, "headers": {"X-API-KEY": org.token}}),
        (obzvonilka + f".json?api_key={org.token}", {"json": {"name": "Без корня"}}),
        ("/api/v1/setContactVariable", {"data": {**variable, "api_token": org.token}}),
        (f"/api/v1/setContactVariable?api_token={org.token}", {"json": variable}),
        (
            "/api/v1/setContactVariable",
            {"data": variable, "headers": {"Authorization": f"Bearer {org.token}"}},
        ),
    ]


async def _contact_count(org: Org) -> int:
    async with org.hub.reading(org.id) as s:
        return await s.fetch_value("SELECT count(*) FROM contacts WHERE org_id = :org")  # type: ignore[no-any-return]


async def test_hot_writes_answer_what_litestar_answers_and_write_once(
    client: httpx.AsyncClient,
    full_lane: httpx.AsyncClient,
    lone: tuple[httpx.AsyncClient, _Fallback],
    org: Org,
) -> None:
    base = await make_base(org, "Обзвон")
    contact = await make_contact(org, "Анна", base_id=base.id)
    alone_lane, fallback = lone
    for url, request in _hot_writes(org, base.id, contact.id):
        creates = url.startswith("/api/contact_bases/")
        answers = []
        for http in (client, full_lane, alone_lane):
            before = await _contact_count(org)
            answer = await http.post(url, **request)
            assert await _contact_count(org) == before + creates, (url, "one write a request")
            answers.append(answer)
        hot, full, alone = answers
        assert hot.status_code == full.status_code == alone.status_code == (201 if creates else 200)
        assert _masked(hot.content) == _masked(full.content) == _masked(alone.content), url
        assert list(hot.headers) == list(full.headers), url  # the same headers, in order
        for name in ("content-type", "content-security-policy", "cache-control"):
            assert hot.headers[name] == full.headers[name]
        if creates:
            new_id = hot.json()["id"]
            location = f"http://contacthub.test/api/contact_bases/{base.id}/contacts/{new_id}.json"
            assert hot.headers["location"] == location
    assert fallback.paths == []  # every one was answered by the lane itself


async def test_hot_writes_by_vendor_ids_answer_what_litestar_answers(
    client: httpx.AsyncClient, full_lane: httpx.AsyncClient, org: Org
) -> None:
    """The writes by the ids a vendor gave the records (core.vendor_ids): the same answers,
    the vendor's ids in them, in both lanes."""
    base = await make_base(org, "Обзвон")
    contact = await make_contact(org, "Анна", base_id=base.id, fields={"Город": "Омск"})
    await give_vendor_id(org, "base", base.id, "obzvonilka", "4217")
    await give_vendor_id(org, "contact", contact.id, "watbot", "118")
    for url, request in _hot_writes(org, 4217, 118):
        hot = await client.post(url, **request)
        full = await full_lane.post(url, **request)
        assert hot.status_code == full.status_code, (url, full.text)
        assert _masked(hot.content) == _masked(full.content), url
        if url.startswith("/api/contact_bases/"):
            assert hot.status_code == 201
            for answer in (hot, full):
                new_id = answer.json()["id"]
                location = f"http://contacthub.test/api/contact_bases/4217/contacts/{new_id}.json"
                assert answer.headers["location"] == location
        else:
            assert hot.status_code == 200
            assert hot.json()["data"]["value"] == "Тула"
    # The hub ids of records known by vendor ids name nothing there, in either lane.
    for url, request in _hot_writes(org, base.id, contact.id):
        hot = await client.post(url, **request)
        full = await full_lane.post(url, **request)
        assert (hot.status_code, hot.content) == (full.status_code, full.content), url
        if "setContactVariable" in url or url.startswith("/api/contact_bases/"):
            assert hot.status_code == 404, url


async def test_a_write_the_lane_does_not_answer_reaches_litestar_whole_and_once(
    client: httpx.AsyncClient, full_lane: httpx.AsyncClient, org: Org, other_org: Org
) -> None:
    base = await make_base(org, "Обзвон")
    contact = await make_contact(org, "Анна", base_id=base.id)
    url = f"/api/contact_bases/{base.id}/contacts.json"
    key = {"X-API-KEY": org.token}
    variable = {"contact_id": str(contact.id), "name": "Город", "value": "Тула"}
    cases: list[tuple[str, dict[str, Any], int]] = [
        # Failures: nothing is written, and Litestar renders the dialect's error.
        (url, {"data": {"contact[name]": "x", "contact[email]": "not mail"}, "headers": key}, 0),
        (url, {"data": {"contact[name]": "x"}, "headers": {"X-API-KEY": "wrong"}}, 0),
        (url, {"data": {"contact[name]": "x"}}, 0),  # no key
        (url, {"data": {"contact[name]": "x"}, "headers": other_org.auth}, 0),
        (url.replace(f"/{base.id}/", "/999/"), {"data": {"contact[name]": "x"}, "headers": key}, 0),
        (url, {"content": b"{not json", "headers": {**key, "Content-Type": "application/json"}}, 0),
        (
            url,
            {
                "content": b"contact%5Bname%5D=%FF",
                "headers": {**key, "Content-Type": "application/x-www-form-urlencoded"},
            },
            0,
        ),
        (
            "/api/v1/setContactVariable",
            {"data": {**variable, "contact_id": "abc", "api_token": org.token}},
            0,
        ),
        ("/api/v1/setContactVariable", {"data": {**variable, "api_token": "wrong"}}, 0),
        # Successes the lane leaves to Litestar: multipart, a body too big.
        (url, {"files": {"contact[name]": (None, "Ёж")}, "headers": key}, 1),
        (
            url,
            {"data": {"contact[name]": "Ёж", "contact[description]": "x" * 70_000}, "headers": key},
            1,
        ),
    ]
    for target, request, writes in cases:
        answers = []
        for http in (client, full_lane):
            before = await _contact_count(org)
            answer = await http.post(target, **request)
            if target.startswith("/api/contact_bases/"):
                assert await _contact_count(org) == before + writes, (target, request)
            answers.append(answer)
        hot, full = answers
        assert hot.status_code == full.status_code, (target, hot.text)
        assert _masked(hot.content) == _masked(full.content), (target, hot.text)
        assert hot.headers.get("content-type") == full.headers.get("content-type")


async def test_a_chunked_write_reaches_litestar(
    client: httpx.AsyncClient, full_lane: httpx.AsyncClient, org: Org
) -> None:
    base = await make_base(org, "Обзвон")
    headers = {"X-API-KEY": org.token, "Content-Type": "application/x-www-form-urlencoded"}

    async def chunks() -> AsyncIterator[bytes]:
        yield b"contact%5Bname%5D="
        yield b"Chunked"

    for http in (client, full_lane):
        before = await _contact_count(org)
        url = f"/api/contact_bases/{base.id}/contacts.json"
        answer = await http.post(url, content=chunks(), headers=headers)
        assert answer.status_code == 201
        assert answer.json()["name"] == "Chunked"
        assert await _contact_count(org) == before + 1
