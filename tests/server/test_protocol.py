"""The server accepts raw UTF-8 in request lines, as PHP's curl sends Cyrillic query values."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit

import pytest

from contacthub.server.http_limits import HeadLimitedProtocol
from contacthub.server.protocol import Utf8UrlHttpToolsProtocol, encode_request_line
from tests.factories import Org, make_contact


def test_only_non_ascii_bytes_are_encoded() -> None:
    line = "GET /api/v1/x?name=Город&v=a%20b HTTP/1.1\r".encode()
    assert encode_request_line(line) == (
        b"GET /api/v1/x?name=%D0%93%D0%BE%D1%80%D0%BE%D0%B4&v=a%20b HTTP/1.1\r"
    )
    assert encode_request_line(b"GET / HTTP/1.1") == b"GET / HTTP/1.1"


class _Recorded(Utf8UrlHttpToolsProtocol):
    """The protocol's own rewriting, with what it hands to httptools recorded, not parsed."""

    def __init__(self) -> None:  # no uvicorn config: only data_received is exercised
        self._at_request_start = True
        self._held = b""
        self.passed: list[bytes] = []


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> _Recorded:
    monkeypatch.setattr(
        HeadLimitedProtocol, "data_received", lambda self, data: self.passed.append(data)
    )
    return _Recorded()


def test_an_ascii_request_is_passed_on_as_it_came(recorded: _Recorded) -> None:
    request = b"GET /api/hub/v1/contacts/7 HTTP/1.1\r\nHost: x\r\n\r\n"
    recorded.data_received(request)
    assert recorded.passed == [request]
    assert recorded.passed[0] is request  # not even copied


@pytest.mark.parametrize("before", [b"", b"\r\n", b"\r\n\r\n"])
def test_only_the_request_line_is_encoded_after_stray_line_ends(
    recorded: _Recorded, before: bytes
) -> None:
    recorded.data_received(before + "GET /x?n=Ёлка HTTP/1.1\r\nX-Name: Ёлка\r\n\r\n".encode())
    assert recorded.passed == [
        before
        + b"GET /x?n=%D0%81%D0%BB%D0%BA%D0%B0 HTTP/1.1\r\nX-Name: "
        + "Ёлка".encode()
        + b"\r\n\r\n"
    ]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, object]]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return status, json.loads(await reader.readexactly(length))


async def test_raw_utf8_request_lines_on_a_kept_alive_connection(
    live_server: str, org: Org
) -> None:
    contact = await make_contact(org)
    address = urlsplit(live_server)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        for name in ("Горячий", "Ёлка"):
            line = (
                f"GET /api/v1/attachTagToContact?api_token={org.token}"
                f"&contact_id={contact.id}&name={name} HTTP/1.1\r\nHost: x\r\n\r\n"
            ).encode()
            cut = line.index(name.encode()) + 1  # in the middle of a two-byte letter
            writer.write(line[:cut])
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(line[cut:])
            await writer.drain()
            status, body = await asyncio.wait_for(_read_response(reader), timeout=10)
            assert status == 200, body
        assert sorted(body["data"]) == ["Ёлка", "Горячий"]  # type: ignore[call-overload]
    finally:
        writer.close()
        await writer.wait_closed()
