"""Logs: plain lines on a terminal, JSON lines elsewhere, never ANSI codes inside JSON."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

from contacthub.server.log_format import PlainFormatter, plain_wanted
from contacthub.server.logs import REQUEST_ID, JsonFormatter


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _record(message: str) -> logging.LogRecord:
    record = logging.makeLogRecord(
        {"name": "contacthub.access", "levelname": "INFO", "levelno": 20, "msg": message}
    )
    record.status = 200
    return record


def test_plain_is_chosen_for_a_terminal_only() -> None:
    assert plain_wanted("auto", _Terminal())
    assert not plain_wanted("auto", io.StringIO())
    assert not plain_wanted("json", _Terminal())
    assert plain_wanted("plain", io.StringIO())


def test_a_plain_line() -> None:
    token = REQUEST_ID.set("abc123")
    try:
        line = PlainFormatter(REQUEST_ID).format(_record("GET /api/hub/v1/tags 200"))
    finally:
        REQUEST_ID.reset(token)
    assert "INFO    contacthub.access  GET /api/hub/v1/tags 200 [abc123] status=200" in line
    assert "{" not in line


def test_no_ansi_inside_json() -> None:
    line = JsonFormatter().format(_record("\x1b[32mINFO\x1b[0m:     Started"))
    assert "\x1b" not in line
    assert json.loads(line)["message"] == "INFO:     Started"


def _serve(tmp_path: Path, stderr: int) -> subprocess.Popen[bytes]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTHUB_")}
    env["CONTACTHUB_DATABASE_URL"] = f"sqlite:///{tmp_path / 'logs.db'}"
    return subprocess.Popen(
        [sys.executable, "-m", "contacthub", "serve", "--port", port],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        env=env,
    )


def _read_until(fd: int, marker: bytes, seconds: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_serve_on_a_terminal_prints_plain_lines(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    server = _serve(tmp_path, follower)
    os.close(follower)
    try:
        seen = _read_until(leader, b"startup complete")
    finally:
        server.terminate()
        server.wait(timeout=20)
        os.close(leader)
    assert b"startup complete" in seen, seen
    line = next(row for row in seen.splitlines() if b"startup complete" in row)
    assert b"INFO" in line
    assert not line.lstrip().startswith(b"{")


def test_serve_into_a_pipe_prints_json_lines(tmp_path: Path) -> None:
    server = _serve(tmp_path, subprocess.PIPE)
    assert server.stderr is not None
    try:
        seen = _read_until(server.stderr.fileno(), b"startup complete")
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stderr.close()
    rows = [row for row in seen.splitlines() if row.strip()]
    assert any(b"startup complete" in row for row in rows), seen
    for row in rows:
        assert b"\x1b" not in row
        assert json.loads(row)["level"]
