"""The server as `contacthub serve` runs it (contacthub.server.protocol on uvicorn, the hot lane
in front of Litestar): hot reads answered with the same bytes as the full lane, but the date and
request id; pipelining, a closing client, a token's first use and the metrics, on a real server."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit

import httpx

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
