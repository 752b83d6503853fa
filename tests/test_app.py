"""The app around the dialects: health, OpenAPI, and 404/405 outside any route."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from httpx import AsyncClient

from tests.factories import Org


async def test_healthz(client: AsyncClient) -> None:
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


async def test_openapi_describes_the_native_api(client: AsyncClient) -> None:
    answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    document = answer.json()
    assert document["info"]["title"] == "contacthub"
    paths = document["paths"]
    for path in (
        "/api/hub/v1/contacts",
        "/api/hub/v1/contacts/{ref}",
        "/api/hub/v1/phones/{number}",
    ):
        assert path in paths
    summary = paths["/api/hub/v1/contacts"]["post"]
    assert "Create a contact" in summary.get("description", "") + summary.get("summary", "")
    assert "bearer" in document["components"]["securitySchemes"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


async def test_unknown_native_paths_answer_problems(client: AsyncClient, org: Org) -> None:
    missing = await client.get("/api/hub/v1/nothing-here", headers=org.auth)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    wrong_method = await client.put("/api/hub/v1/organization", headers=org.auth)
    assert wrong_method.status_code == 405
    assert wrong_method.json()["status"] == 405


async def test_oversize_bodies_are_refused(client: AsyncClient, org: Org) -> None:
    huge = b'{"name": "' + b"x" * (17 * 1024 * 1024) + b'"}'
    answer = await client.post(
        "/api/hub/v1/contacts",
        content=huge,
        headers={**org.auth, "content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert (await client.get("/api/hub/v1/contacts", headers=org.auth)).json()["items"] == []


def test_a_server_process_freezes_its_app_out_of_the_collector(tmp_path: Path) -> None:
    """``app_from_env`` (each uvicorn worker's app) moves the objects alive after the build into
    the permanent generation: a full collection, which a big answer's allocations trigger,
    then scans only what requests made (187 ms -> 0.3 ms each: bench/RESULTS.md)."""
    program = (
        "import gc\n"
        "from contacthub.app import app_from_env\n"
        "app_from_env()\n"
        "print(gc.get_freeze_count(), len(gc.get_objects()))\n"
    )
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": f"sqlite:///{tmp_path / 'hub.db'}"}
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
    )
    frozen, still_tracked = map(int, done.stdout.split())
    assert frozen > 50_000
    assert still_tracked < frozen // 10
