"""Hot GETs answered by the HTTP protocol as their headers are read (contacthub.http_protocol):
the same answers as the ASGI path, byte for byte but the date and request id, on a real server.
On PostgreSQL the server does not answer at once (asyncpg waits): the same tests hold there."""

from __future__ import annotations

import asyncio
import contextvars
import re
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from uvicorn.server import ServerState

from contacthub import eager
from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.http_protocol import Utf8UrlHttpToolsProtocol
from tests.factories import Org, make_contact, make_hot_reads, make_token

_VARYING = {"date", "x-request-id"}


async def _exchange(live_server: str, raw: bytes, answers: int) -> list[bytes]:
    """Send ``raw`` in one write on one connection; the ``answers`` responses, whole."""
    address = urlsplit(live_server)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        writer.write(raw)
        await writer.drain()
        out = []
        for _ in range(answers):
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
            length = int(re.search(rb"(?i)\r\ncontent-length: (\d+)", head)[1])  # type: ignore[index]
            out.append(head + await reader.readexactly(length))
        return out
    finally:
        writer.close()
        await writer.wait_closed()


def _get(url: str, headers: dict[str, str], *extra: str) -> bytes:
    lines = [f"GET {url} HTTP/1.1", "Host: contacthub.test", *extra]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _parse(answer: bytes) -> tuple[bytes, list[tuple[str, str]], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = [(n.lower(), v) for n, v in (line.split(": ", 1) for line in lines)]
    return status.encode(), headers, body


async def test_hot_reads_are_answered_as_the_asgi_path_answers_them(
    live_server: str, org: Org, full_lane: httpx.AsyncClient
) -> None:
    for url, headers in await make_hot_reads(org):
        [answer] = await _exchange(live_server, _get(url, headers), 1)
        status, got, body = _parse(answer)
        full = await full_lane.get(url, headers=headers)
        assert status == b"HTTP/1.1 200 OK", (url, body)
        assert body == full.content, url
        names = [name for name, _ in got]
        assert names[:2] == ["date", "server"]  # uvicorn's, first, as on every answer
        assert names[-1] == "x-request-id"
        wanted = {(n, v) for n, v in full.headers.items() if n not in _VARYING}
        assert {(n, v) for n, v in got if n not in _VARYING} == wanted | {("server", "uvicorn")}


async def test_pipelined_requests_are_answered_in_order(live_server: str, org: Org) -> None:
    contact = await make_contact(org, "Первый")
    second = await make_contact(org, "Второй")
    bearer = {"Authorization": f"Bearer {org.token}"}
    raw = (
        _get(f"/api/hub/v1/contacts/{contact.id}", bearer)
        + _get("/api/hub/v1/contacts/999999", bearer)  # not a success: the ASGI path's
        + _get(f"/api/hub/v1/contacts/{second.id}", bearer, "X-Request-Id: third-one")
    )
    answers = [_parse(a) for a in await _exchange(live_server, raw, 3)]
    ok, missing = b"HTTP/1.1 200 OK", b"HTTP/1.1 404 Not Found"
    assert [a[0] for a in answers] == [ok, missing, ok]
    assert b'"name":"\xd0\x9f' in answers[0][2]  # Первый
    assert b'"name":"\xd0\x92' in answers[2][2]  # Второй
    assert ("x-request-id", "third-one") in answers[2][1]


async def test_a_client_closing_the_connection_gets_its_answer_and_the_close(
    live_server: str, org: Org
) -> None:
    contact = await make_contact(org, "Анна")
    address = urlsplit(live_server)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    auth = {"Authorization": f"Bearer {org.token}"}
    writer.write(_get(f"/api/hub/v1/contacts/{contact.id}", auth, "Connection: close"))
    answer = await asyncio.wait_for(reader.read(), timeout=10)  # to the end: the server closed
    writer.close()
    status, headers, body = _parse(answer)
    assert status == b"HTTP/1.1 200 OK"
    assert ("connection", "close") in headers
    assert b'"name":"\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0"' in body


async def test_a_token_used_for_the_first_time_is_answered_too(live_server: str, org: Org) -> None:
    """Its first use writes the token's last use: the answer has to wait for that commit."""
    contact = await make_contact(org, "Анна")
    fresh = await make_token(org, "fresh")
    url = f"/api/hub/v1/contacts/{contact.id}"
    [answer] = await _exchange(live_server, _get(url, {"Authorization": f"Bearer {fresh}"}), 1)
    status, headers, body = _parse(answer)
    assert status == b"HTTP/1.1 200 OK", body
    assert dict(headers)["x-content-type-options"] == "nosniff"


async def test_answers_are_counted_in_the_metrics(live_server: str, org: Org) -> None:
    contact = await make_contact(org, "Анна")
    auth = {"Authorization": f"Bearer {org.token}"}
    series = 'contacthub_requests_total{dialect="native",method="GET",status="200"}'

    def count() -> float:
        text = httpx.get(f"{live_server}/metrics").text
        found = re.search(re.escape(series) + r" ([0-9.e+]+)", text)
        return float(found[1]) if found else 0.0

    before = count()
    raw = _get(f"/api/hub/v1/contacts/{contact.id}", auth) * 3
    await _exchange(live_server, raw, 3)
    assert count() - before == 3


class _Collector(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.data = b""

    def write(self, data: Any) -> None:
        self.data += bytes(data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 5000)}.get(name)

    def is_closing(self) -> bool:
        return False

    def get_write_buffer_size(self) -> int:
        return 0

    def close(self) -> None:
        pass


async def test_on_sqlite_a_hot_read_is_answered_inside_data_received_and_sent_as_the_turn_ends(
    settings: Settings, hub: Hub, org: Org, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("only SQLite's reads are answered at once")
    contact = await make_contact(org, "Анна")
    app = create_app(settings, hub=hub)
    config = uvicorn.Config(
        app, http=Utf8UrlHttpToolsProtocol, lifespan="off", proxy_headers=False, access_log=False
    )
    config.load()
    loop = asyncio.get_running_loop()
    protocol = Utf8UrlHttpToolsProtocol(
        config=config, server_state=ServerState(), app_state={}, _loop=loop
    )
    transport = _Collector()
    protocol.connection_made(transport)
    request = _get(f"/api/hub/v1/contacts/{contact.id}", {"Authorization": f"Bearer {org.token}"})
    protocol.data_received(request)  # the first use of the token waits for its write
    for _ in range(200):
        if transport.data:
            break
        await asyncio.sleep(0.01)
    transport.data = b""
    protocol.data_received(request)
    # Answered inside data_received (its bytes are held), sent when the loop's turn ends.
    assert transport.data == b""
    assert protocol.transport.get_write_buffer_size() > 0
    await asyncio.sleep(0)
    assert transport.data.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b'"name":"\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0"' in transport.data
    protocol.connection_lost(None)


async def test_with_uvicorns_own_access_log_every_request_takes_the_asgi_path(
    settings: Settings, hub: Hub
) -> None:
    config = uvicorn.Config(create_app(settings, hub=hub), lifespan="off", proxy_headers=False)
    config.load()  # uvicorn's access log on: it logs each request from its cycle
    protocol = Utf8UrlHttpToolsProtocol(
        config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
    )
    assert protocol._answers_at_once is None


# --- contacthub.eager ----------------------------------------------------------------------

_NAME: contextvars.ContextVar[str] = contextvars.ContextVar("name", default="-")


async def _named(wait: asyncio.Future[None] | None) -> str:
    token = _NAME.set("inside")
    try:
        if wait is not None:
            await wait
        return _NAME.get()
    finally:
        _NAME.reset(token)  # a token of another context would raise here


async def test_a_coroutine_that_does_not_wait_ends_in_its_first_step() -> None:
    assert eager.step(_named(None), contextvars.copy_context()) == "inside"


def _continued_in_a_task(
    wait: asyncio.Future[None],
) -> tuple[asyncio.Task[str], contextvars.Context]:
    """_named's first step run at once (it waits), its rest in a task of the same context."""
    context = contextvars.copy_context()
    step = eager.step(_named(wait), context)
    assert isinstance(step, eager.Waiting)

    async def rest() -> str:
        return await step

    return asyncio.get_running_loop().create_task(rest(), context=context), context


async def test_a_coroutine_that_waits_goes_on_in_a_task_of_the_same_context() -> None:
    wait: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    task, context = _continued_in_a_task(wait)
    await asyncio.sleep(0)
    assert not task.done()
    wait.set_result(None)
    assert await task == "inside"
    assert _NAME not in context  # set and reset inside, across the wait


async def test_cancelling_the_task_cancels_the_waiting_coroutine() -> None:
    wait: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    task, _ = _continued_in_a_task(wait)
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert wait.cancelled()
