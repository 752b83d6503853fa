"""Real server processes for the fault tests, and a TCP proxy to cut the database off with.

    test ──httpx──> ServerProcess (python -m contacthub serve) ──> SQLite file
                                                               └─> DbProxy ──> PostgreSQL

A test owns what it starts here and stops it by pid; the shared PostgreSQL server is never
touched (the proxy is what "goes away").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """``python -m contacthub serve`` on a free port of 127.0.0.1, its output in ``log``."""

    def __init__(
        self,
        database_url: str,
        log: Path,
        *,
        workers: int = 1,
        env: Mapping[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        self.database_url = database_url
        self.log = log
        self.workers = workers
        self.env = dict(env or {})
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, *, within: float = 30) -> ServerProcess:
        env = {
            **os.environ,
            "CONTACTHUB_DATABASE_URL": self.database_url,
            "CONTACTHUB_LOG_LEVEL": "WARNING",
            "CONTACTHUB_JWT_SECRET": "reliability-tests-" + "x" * 32,
            **self.env,
        }
        command = [sys.executable, "-m", "contacthub", "serve", "--port", str(self.port)]
        command += ["--workers", str(self.workers)]
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                *command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
            )
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as http:
            while time.monotonic() < deadline:
                if self.process.returncode is not None:
                    raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{self.url}/readyz")).status_code == 200:
                        return self
                await asyncio.sleep(0.05)
        await self.stop()
        raise RuntimeError(f"the server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL to the whole process group (uvicorn's workers too): no shutdown at all."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    async def wait(self) -> None:
        assert self.process is not None
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.kill()
            await self.process.wait()


class DbProxy:
    """A TCP relay on 127.0.0.1 to a database server: ``cut()`` closes the port and every
    relayed connection (as a database that went away), ``restore()`` opens the port again;
    ``freeze()`` holds every byte (as a network partition that drops packets: nothing is
    refused, nothing answers), ``thaw()`` lets them through again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def url_for(self, database_url: str) -> str:
        """``database_url`` with its host and port replaced by this proxy's."""
        parts = urlsplit(database_url)
        userinfo = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        netloc = f"{userinfo}127.0.0.1:{self.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    async def restore(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._links):
            writer.transport.abort()  # a reset, as when the server's host goes down
        self._links.clear()

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        await self._flowing.wait()
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
        except OSError:
            client_w.transport.abort()
            return
        self._links |= {client_w, server_w}

        async def pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                while data := await source.read(65536):
                    await self._flowing.wait()
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pump(client_r, server_w), pump(server_r, client_w))
        self._links -= {client_w, server_w}


async def hold_sqlite_write_lock(path: Path, seconds: float) -> asyncio.subprocess.Process:
    """Another process that takes the SQLite write lock and keeps it ``seconds``; answers once
    the lock is held."""
    script = (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "db.execute('ROLLBACK')\n"
    )
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, str(path), str(seconds), stdout=asyncio.subprocess.PIPE
    )
    assert holder.stdout is not None
    assert (await holder.stdout.readline()).strip() == b"held"
    return holder
