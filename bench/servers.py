"""The servers under test, each a child process pinned to core 0 and stopped when done.

contacthub   python -m contacthub serve --workers W   (uvicorn, httptools, uvloop)
json-server  json-server db.json                      (node, everything in memory)
bare         uvicorn bench.bare:app                    (Starlette, fixed JSON or asyncpg)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from bench.machine import CACHE, SERVER_CORE, json_server, pinned, starlette_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A process that serves HTTP on ``self.url`` once ``ready_path`` answers."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], ready_path: str, *, port: int
    ) -> None:
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.command = command
        self.env = env
        self.ready_path = ready_path
        self.log = CACHE / "logs" / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def group(self) -> int | None:
        """The process group of the server and its workers (it runs in its own session)."""
        return None if self.process is None else self.process.pid

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own commands)
                self.command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5):  # noqa: S310
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not start in time; see {self.log}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # Its own session: the signal reaches uvicorn's workers (or node's children) too.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _python_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "CONTACTHUB_LOG_LEVEL": "WARNING", **extra}


def contacthub(database_url: str, *, workers: int = 1, name: str = "contacthub") -> Server:
    port = free_port()
    command = [sys.executable, "-m", "contacthub", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    env = _python_env(CONTACTHUB_DATABASE_URL=database_url)
    return Server(name, pinned(command, SERVER_CORE), env, "/healthz", port=port)


def jsonserver(db: Path) -> Server:
    port = free_port()
    command = [str(json_server()), "--port", str(port), str(db)]
    return Server("json-server", pinned(command, SERVER_CORE), dict(os.environ), "/", port=port)


def bare(mode: str, *, workers: int = 1, dsn: str = "", org: int = 1) -> Server:
    port = free_port()
    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (starlette_path(), root, os.environ.get("PYTHONPATH")) if p)
    env = _python_env(BENCH_BARE=mode, BENCH_DSN=dsn, BENCH_ORG=str(org), PYTHONPATH=path)
    command = [sys.executable, "-m", "uvicorn", "bench.bare:app", "--port", str(port)]
    command += ["--http", "httptools", "--loop", "uvloop", "--no-access-log"]
    command += ["--log-level", "warning", "--workers", str(workers)]
    return Server(f"bare-{mode}", pinned(command, SERVER_CORE), env, "/contacts/1", port=port)
