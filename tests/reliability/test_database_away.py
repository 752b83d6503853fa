"""The database goes away: every API answers 503 in its own envelope with a clear body, readiness
fails while liveness holds, and service resumes by itself when the database is back.

PostgreSQL is reached through a TCP proxy this test cuts (the port closes, every connection is
reset) and restores. SQLite cannot vanish that way; its fault is another process keeping the
write lock longer than the configured wait.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from contacthub.core.scope import Hub
from contacthub.db.urls import parse_database_url
from tests.reliability.conftest import Store
from tests.reliability.processes import DbProxy, ServerProcess, hold_sqlite_write_lock

UNAVAILABLE = "the database is unavailable; retry later"
PLUSOFON_UNAVAILABLE = "Сервис временно недоступен, повторите запрос позже"


@dataclass(frozen=True)
class Call:
    name: str
    dialect: str
    method: str
    path: str
    kwargs: dict[str, Any]
    write: bool


def calls(store: Store) -> list[Call]:
    """A read and a write in each API (Plusofon's contact lists stand for its writes)."""
    c, uuid, token, base = store.contacts[0], store.uuids[0], store.token, store.base
    watbot = {"api_token": token, "contact_id": str(c)}
    plusofon = {**store.bearer, "Client": "10553"}
    bearer = {"headers": store.bearer}
    twin_value = f"/api/v1/clients/{uuid}/attributes/{store.field_uuid}"
    lists = "/api/v1/contact-lists"
    black = {
        "name": "Стоп",
        "type": "black",
        "contacts": [{"name": "S", "phones": ["79990001122"]}],
    }
    return [
        Call("native read", "native", "GET", f"/api/hub/v1/contacts/{c}", bearer, False),
        Call(
            "native write",
            "native",
            "POST",
            "/api/hub/v1/contacts",
            {"json": {"name": "N"}, **bearer},
            True,
        ),
        Call(
            "watbot read", "watbot", "GET", "/api/v1/getContactVariables", {"params": watbot}, False
        ),
        Call(
            "watbot write",
            "watbot",
            "POST",
            "/api/v1/setContactVariable",
            {"data": {**watbot, "name": "Город", "value": "Тверь"}},
            True,
        ),
        Call(
            "obzvonilka read",
            "obzvonilka",
            "GET",
            f"/api/contact_bases/{base}/contacts/{c}.json",
            {"headers": {"X-API-KEY": token}},
            False,
        ),
        Call(
            "obzvonilka write",
            "obzvonilka",
            "POST",
            f"/api/contact_bases/{base}/contacts.json",
            {"data": {"contact[name]": "D"}, "headers": {"X-API-KEY": token}},
            True,
        ),
        Call(
            "twin read",
            "twin",
            "GET",
            f"/api/v1/clients/{uuid}/attributes",
            {"headers": store.bearer},
            False,
        ),
        Call(
            "twin write",
            "twin",
            "POST",
            twin_value,
            {"json": {"value": "Тула"}, "headers": store.bearer},
            True,
        ),
        Call("plusofon read", "plusofon", "GET", lists, {"headers": plusofon}, False),
        Call(
            "plusofon write",
            "plusofon",
            "POST",
            lists,
            {"json": black, "headers": {**plusofon, "Content-Type": "application/json"}},
            True,
        ),
    ]


def _native(body: dict[str, Any], message: str, code: str) -> bool:
    return body["status"] == 503 and body["detail"] == message and body["code"] == code


ENVELOPES: dict[str, Callable[[dict[str, Any], str, str], bool]] = {
    # RFC 9457 problem document
    "native": _native,
    # Laravel: {"message": ...}
    "watbot": lambda body, message, code: body == {"message": message},
    # Rails' PublicExceptions body, plus the message
    "obzvonilka": lambda body, message, code: (
        body == {"status": 503, "error": "Service Unavailable", "message": message}
    ),
    # NestJS-like {"error": "<sentence>"}
    "twin": lambda body, message, code: body == {"error": message[0].upper() + message[1:] + "."},
    # {"success": false, "message": ...} in Russian, as the vendor writes
    "plusofon": lambda body, message, code: (
        body["success"] is False and body["message"] == PLUSOFON_UNAVAILABLE
    ),
}


async def _send(
    http: httpx.AsyncClient, call: Call, headers: dict[str, str] | None = None
) -> tuple[httpx.Response, float]:
    kwargs = dict(call.kwargs)
    kwargs["headers"] = {**kwargs.get("headers", {}), **(headers or {})}
    started = time.perf_counter()
    answer = await http.request(call.method, call.path, **kwargs)
    return answer, time.perf_counter() - started


def _is_clear_503(call: Call, answer: httpx.Response, message: str, code: str) -> bool:
    if answer.status_code != 503:
        return False
    text = answer.text.lower()
    # No driver text: no "locked", no exception class, no host or port.
    if any(word in text for word in ("locked", "sqlite", "asyncpg", "connection", "127.0.0.1")):
        return False
    if call.dialect == "native" and answer.headers["content-type"] != "application/problem+json":
        return False
    return ENVELOPES[call.dialect](answer.json(), message, code)


async def _all_succeed(http: httpx.AsyncClient, store: Store) -> list[str]:
    failures = []
    for call in calls(store):
        answer, _ = await _send(http, call)
        if not answer.is_success:
            failures.append(f"{call.name}: {answer.status_code} {answer.text[:200]}")
    return failures


async def test_postgresql_going_away_answers_503_and_service_resumes_by_itself(
    hub: Hub, store: Store, database_url: str, logs: Path, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("the proxy stands between contacthub and a PostgreSQL server")
    target = urlsplit(database_url)
    proxy = DbProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.restore()
    log = logs / "server.log"
    server = ServerProcess(
        proxy.url_for(database_url),
        log,
        env={
            "CONTACTHUB_LOG_LEVEL": "INFO",
            "CONTACTHUB_ACCESS_LOG": "true",
            "CONTACTHUB_POSTGRES_CONNECT_TIMEOUT_S": "1",
            "CONTACTHUB_POSTGRES_COMMAND_TIMEOUT_S": "1",
        },
    )
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=20) as http:
            assert await _all_succeed(http, store) == []

            await proxy.cut()
            slowest = 0.0
            for call in calls(store):
                answer, took = await _send(http, call)
                assert _is_clear_503(call, answer, UNAVAILABLE, "unavailable"), (
                    call.name,
                    answer.status_code,
                    answer.text,
                )
                slowest = max(slowest, took)
            assert slowest < 2.0  # refused at once, not after a long timeout
            not_ready = await http.get("/readyz")
            assert not_ready.status_code == 503
            assert not_ready.json() == {"status": "unavailable", "detail": UNAVAILABLE}
            assert (await http.get("/healthz")).status_code == 503  # the database is away
            traced, _ = await _send(http, calls(store)[0], headers={"X-Request-ID": "outage-7"})
            assert traced.status_code == 503

            await proxy.restore()
            cut_back = time.perf_counter()
            while (await http.get("/readyz")).status_code != 200:
                assert time.perf_counter() - cut_back < 10, "the server did not reconnect"
                await asyncio.sleep(0.02)
            resumed = time.perf_counter() - cut_back
            assert await _all_succeed(http, store) == []
            print(f"\npostgresql away: slowest 503 {slowest * 1000:.0f} ms, ready {resumed:.2f} s")

            # Silence instead of a refusal: 503 once the configured wait (1 s here) is over.
            proxy.freeze()
            frozen = await asyncio.gather(*(_send(http, call) for call in calls(store)))
            for call, (answer, took) in zip(calls(store), frozen, strict=True):
                assert _is_clear_503(call, answer, UNAVAILABLE, "unavailable"), (
                    call.name,
                    answer.text,
                )
                assert took < 4
            assert (await http.get("/healthz")).status_code == 503
            proxy.thaw()
            thawed = time.perf_counter()
            while (await http.get("/readyz")).status_code != 200:
                assert time.perf_counter() - thawed < 10, "the server did not recover"
                await asyncio.sleep(0.02)
            assert await _all_succeed(http, store) == []
            print(
                f"postgresql silent: 503 after {min(t for _, t in frozen):.2f}-"
                f"{max(t for _, t in frozen):.2f} s, ready {time.perf_counter() - thawed:.2f} s"
                " after"
            )

            metrics = (await http.get("/metrics")).text
            for dialect in ENVELOPES:
                assert f'contacthub_errors_total{{dialect="{dialect}",kind="server"}}' in metrics
                assert (
                    f'contacthub_requests_total{{dialect="{dialect}",method="GET",status="503"}}'
                    in metrics
                )
    finally:
        await server.stop()
        await proxy.cut()
    # JSON log lines name the request: the database's complaint is logged with its request id.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    traced_lines = [line for line in lines if line["request_id"] == "outage-7"]
    assert {line["logger"] for line in traced_lines} >= {"contacthub.db", "contacthub.access"}
    assert any("503" in line["message"] for line in traced_lines)


async def test_sqlite_writer_waits_for_another_process_without_stalling_reads(
    hub: Hub, store: Store, database_url: str, logs: Path, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite's write lock")
    path = parse_database_url(database_url).sqlite_path
    assert path is not None
    log = logs / "server.log"
    server = ServerProcess(
        database_url,
        log,
        env={
            "CONTACTHUB_SQLITE_BUSY_TIMEOUT_MS": "1000",
            "CONTACTHUB_LOG_LEVEL": "INFO",
            "CONTACTHUB_ACCESS_LOG": "true",
        },
    )
    await server.start()
    read = calls(store)[0]
    writes = [call for call in calls(store) if call.write]
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=20) as http:
            assert await _all_succeed(http, store) == []

            # Held for less than the wait: the write waits, then succeeds.
            holder = await hold_sqlite_write_lock(path, 0.4)
            answer, took = await _send(http, writes[0])
            await holder.wait()
            assert answer.status_code == 201, answer.text
            assert took > 0.2

            # Held for longer: every API's write answers 503 once the wait is over, while reads
            # keep answering at once (the wait does not block the server's event loop).
            holder = await hold_sqlite_write_lock(path, 3)
            waiting = [
                asyncio.create_task(_send(http, call, {"X-Request-ID": f"busy-{n}"}))
                for n, call in enumerate(writes)
            ]
            read_times = []
            while not all(task.done() for task in waiting):
                answer, took = await _send(http, read)
                assert answer.status_code == 200
                read_times.append(took)
                await asyncio.sleep(0.01)
            message = "the database is busy: another process has held its write lock for more"
            message += " than 1 s; retry later"
            for call, task in zip(writes, waiting, strict=True):
                answer, took = task.result()
                assert _is_clear_503(call, answer, message, "busy"), (call.name, answer.text)
                assert 0.9 < took < 2.5
            assert len(read_times) > 10
            assert max(read_times) < 0.25
            print(
                f"\nsqlite lock held: 503 after {min(t.result()[1] for t in waiting):.2f}-"
                f"{max(t.result()[1] for t in waiting):.2f} s; {len(read_times)} reads meanwhile,"
                f" slowest {max(read_times) * 1000:.0f} ms"
            )
            await holder.wait()
            assert await _all_succeed(http, store) == []
            assert (await http.get("/readyz")).status_code == 200
    finally:
        await server.stop()
    # Under `serve` every log line is JSON and names its request.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    levels = ("DEBUG", "INFO", "WARNING", "ERROR")
    assert not [line for line in log.read_text().splitlines() if line.startswith(levels)]
    busy = [line for line in lines if line["request_id"].startswith("busy-")]
    assert {line["status"] for line in busy if line["logger"] == "contacthub.access"} == {503}
    assert len({line["request_id"] for line in busy}) == len(writes)
