"""Request ids, metrics, readiness and JSON logs."""

from __future__ import annotations

import json
import logging

import pytest
from httpx import AsyncClient

from contacthub.server.logs import REQUEST_ID, JsonFormatter
from tests.factories import Org


async def test_every_answer_carries_a_request_id(client: AsyncClient, org: Org) -> None:
    routed = await client.get("/api/hub/v1/organization", headers=org.auth)
    unrouted = await client.get("/nowhere")
    assert len(routed.headers["x-request-id"]) == 32
    assert routed.headers["x-request-id"] != unrouted.headers["x-request-id"]
    given = await client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert given.headers["x-request-id"] == "trace-42"
    forged = await client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert forged.headers["x-request-id"] != "bad id\nwith newline"


async def test_metrics_count_requests_and_errors_by_dialect(client: AsyncClient, org: Org) -> None:
    await client.get("/api/hub/v1/contacts/424242", headers=org.auth)
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert 'contacthub_requests_total{dialect="native",method="GET",status="404"}' in text
    assert 'contacthub_errors_total{dialect="native",kind="client"}' in text
    assert "contacthub_request_duration_seconds_bucket" in text


async def test_readyz_checks_the_schema(client: AsyncClient) -> None:
    answer = await client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.json()["schema"]


def test_json_logs_name_the_request() -> None:
    token = REQUEST_ID.set("req-7")
    try:
        record = logging.LogRecord(
            "contacthub", logging.INFO, __file__, 1, "hello %s", ("x",), None
        )
        record.status = 201
        line = json.loads(JsonFormatter().format(record))
    finally:
        REQUEST_ID.reset(token)
    assert line["message"] == "hello x"
    assert line["request_id"] == "req-7"
    assert line["status"] == 201
    assert line["level"] == "INFO"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
async def test_system_endpoints_need_no_token(client: AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 200
