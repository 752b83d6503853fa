"""The ``contacthub`` command, run as a user runs it: a subprocess with the environment set."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from contacthub.core.scope import Hub


def contacthub(
    database_url: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": database_url, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "contacthub", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def run(database_url: str, hub: Hub):  # type: ignore[no-untyped-def]
    """The CLI against the test database (``hub`` empties it before the test)."""
    return lambda *args, stdin=None: contacthub(database_url, *args, stdin=stdin)


def test_org_create_json_is_exactly_one_object(run) -> None:  # type: ignore[no-untyped-def]
    done = run("org", "create", "Рога и копыта", "--json")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    assert created["name"] == "Рога и копыта"
    assert created["id"] >= 1
    assert created["api_token"].startswith("chk_")
    listed = json.loads(run("org", "list", "--json").stdout)
    assert [org["name"] for org in listed] == ["Рога и копыта"]


def test_users_and_tokens(run) -> None:  # type: ignore[no-untyped-def]
    org = json.loads(run("org", "create", "Acme", "--json").stdout)
    org_id = str(org["id"])
    user = run("user", "create", "--org", org_id, "--email", "Op@Example.com",
               "--password", "long enough", "--name", "Оператор", "--admin", "--json")  # fmt: skip
    assert user.returncode == 0, user.stderr
    made = json.loads(user.stdout)
    assert made["email"] == "op@example.com"
    assert made["is_admin"] is True
    assert "long enough" not in user.stdout

    prompted = run("user", "create", "--org", org_id, "--email", "p@example.com",
                   stdin="typed secret\ntyped secret\n")  # fmt: skip
    assert prompted.returncode == 0, prompted.stderr
    assert "typed secret" not in prompted.stdout

    token = json.loads(run("token", "create", "--org", org_id, "--label", "ci", "--json").stdout)
    assert token["api_token"].startswith("chk_")
    listed = json.loads(run("token", "list", "--org", org_id, "--json").stdout)
    assert {t["label"] for t in listed} == {"default", "ci"}
    assert token["api_token"] not in json.dumps(listed)
    revoked = json.loads(run("token", "revoke", str(token["id"]), "--org", org_id, "--json").stdout)
    assert revoked["revoked_at"] is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "create", "--org", "999", "--email", "a@b.c", "--password", "long enough"),
         "organization does not exist"),
        (("org", "create", "   "), "name is required"),
        (("token", "revoke", "42", "--org", "1"), "does not exist"),
    ],
)  # fmt: skip
def test_user_errors_are_one_line_and_exit_1(run, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    done = run(*args)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_duplicate_email_is_a_clear_error(run) -> None:  # type: ignore[no-untyped-def]
    org_id = str(json.loads(run("org", "create", "Acme", "--json").stdout)["id"])
    args = ("user", "create", "--org", org_id, "--email", "a@b.c", "--password", "long enough")
    assert run(*args).returncode == 0
    again = run(*args)
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_a_bad_database_url_is_one_line(tmp_path: Path) -> None:
    done = contacthub("mysql://nowhere/db", "org", "list")
    assert done.returncode == 1
    assert "unsupported database URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_db_upgrade_then_serve_with_demo(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert contacthub(url, "db", "upgrade").returncode == 0
    port = "18766"
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "contacthub", "serve", "--demo", "--port", port],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        lines = []
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            if "serving on" in line:
                break
        output = "".join(lines)
        token = next(word for word in output.split() if word.startswith("chk_"))
        assert output.count("curl ") == 3
        answer = None
        for _ in range(100):
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/api/hub/v1/contacts",
                    headers={"Authorization": f"Bearer {token}"},
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer is not None
        assert answer.status_code == 200
        assert len(answer.json()["items"]) == 4
        blocked = httpx.get(
            f"http://127.0.0.1:{port}/api/hub/v1/phones/79998887700",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert blocked["blocked"] is True
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout is not None:
            server.stdout.close()


def test_a_database_without_schema_says_what_to_do(tmp_path: Path) -> None:
    done = contacthub(f"sqlite:///{tmp_path / 'empty.db'}", "org", "list")
    assert done.returncode == 1
    assert "contacthub db upgrade" in done.stderr


def test_demo_turns_the_control_api_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if k != "CONTACTHUB_ADMIN_TOKEN"}
    server = subprocess.Popen(
        [sys.executable, "-m", "contacthub", "demo", "--port", port],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**env, "CONTACTHUB_DATABASE_URL": url, "COLUMNS": "400"},
    )
    try:
        lines = []
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line)
            if "serving on" in line:
                break
        output = "".join(lines)
        shown = output.split("admin token for this run:")[1].split()[0]
        answer = None
        for _ in range(100):
            try:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}/_contacthub/orgs",
                    json={"name": "test"},
                    headers={"Authorization": f"Bearer {shown}"},
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer is not None
        assert answer.status_code == 201, answer.text
        assert f"Bearer {shown}" in output  # the curl line to try it
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout is not None:
            server.stdout.close()
