"""CPU cost of one request through the HTTP protocol and the app, without a network.

    python -m bench.protocol_cost [--contacts 10000] [--requests 20000] [--scenario native_get]
    python -m bench.protocol_cost --bare      # bench/bare.py's fixed endpoint, as bench runs it

Feeds the bytes wrk would send to the server's own protocol class (contacthub.server.protocol on
uvicorn's httptools, uvloop) over a transport that only collects what is written, and runs the
loop until each answer is out (sent at the end of its loop turn). Beside ``bench.asgi_cost`` (the
app called directly) it shows what uvicorn and the protocol add to a request; neither has the
kernel's share.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
from typing import Any

import uvicorn
import uvloop
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from bench import dataset
from bench.asgi_cost import arguments, fill, per_request, warm_up
from bench.machine import starlette_path
from bench.scenarios import by_id, hot_reads, hot_writes
from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.server.logs import configure_logging
from contacthub.server.protocol import Utf8UrlHttpToolsProtocol


class _Collector(asyncio.Transport):
    """A transport that keeps count of what the protocol writes."""

    def __init__(self) -> None:
        super().__init__()
        self.written = 0
        self.writes = 0
        self.closed = False
        self.sent = asyncio.Event()  # set by each write

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += len(data)
        self.writes += 1
        self.sent.set()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(
            name, default
        )

    def is_closing(self) -> bool:
        return False

    def get_write_buffer_size(self) -> int:
        return 0

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def _answered(protocol: HttpToolsProtocol) -> bool:
    return protocol.cycle is None or protocol.cycle.response_complete


def _bare_app() -> Any:
    os.environ["BENCH_BARE"] = "fixed"
    if path := starlette_path():
        sys.path.insert(0, path)
    from bench import bare

    return bare.app


async def run(args: argparse.Namespace) -> None:
    store, meta = dataset.sqlite_store(args.contacts)
    hub = None
    if args.bare:
        app, protocol_class = _bare_app(), HttpToolsProtocol
        scenario = by_id("bare_starlette", "bare Starlette, fixed JSON")
    else:
        url = dataset.working_copy(store, store.with_name("protocol-cost.db"))
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        hub = Hub(database_for(settings), Env())
        await hub.db.connect()
        configure_logging(settings.log_level, access_log_enabled=settings.access_log)
        app, protocol_class = create_app(settings, hub=hub), Utf8UrlHttpToolsProtocol
        scenarios = [
            *hot_reads(meta["token"], meta["base"]),
            *hot_writes(meta["token"], meta["base"]),
        ]
        scenario = {s.name: s for s in scenarios}[args.scenario]
    config = uvicorn.Config(
        app,
        http=protocol_class,
        lifespan="off",
        access_log=False,
        proxy_headers=False,  # as `contacthub serve` runs it
        log_level="warning",
    )
    config.load()
    protocol = protocol_class(
        config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
    )
    transport = _Collector()
    protocol.connection_made(transport)
    request = scenario.request
    rng = random.Random(1)  # noqa: S311
    head = "".join(f"{key}: {value}\r\n" for key, value in request.headers.items())

    def bytes_of(i: int) -> bytes:
        path = fill(request.path, i, meta["lists"], rng)
        body = fill(request.body, i, meta["lists"], rng).encode() if request.body else b""
        length = f"Content-Length: {len(body)}\r\n" if body else ""
        line = f"{request.method} {path} HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"
        return f"{line}{head}{length}\r\n".encode() + body

    async def one() -> None:
        transport.sent.clear()
        protocol.data_received(bytes_of(rng.randrange(args.contacts)))
        # Until the answer is complete and sent: contacthub's protocol holds what it writes
        # to the end of the loop's turn (contacthub.server.batched_transport), so one turn first. A
        # write's commit runs in a thread: that is waited for, not polled (polling would count
        # the loop's spinning).
        await asyncio.sleep(0)
        while not (transport.sent.is_set() and _answered(protocol)):
            transport.sent.clear()
            await transport.sent.wait()

    await warm_up(one, args.requests)
    written, writes = transport.written, transport.writes
    cpu, wall = await per_request(one, args.requests)
    if transport.closed:
        raise SystemExit("the protocol closed the kept-alive connection: an answer went wrong")
    protocol.connection_lost(None)
    if hub is not None:
        await hub.db.close()
    n = args.requests
    print(
        f"{scenario.label}: {cpu:.1f} us CPU a request ({wall:.1f} us wall),"
        f" {(transport.written - written) / n:.0f} bytes in"
        f" {(transport.writes - writes) / n:.1f} writes an answer"
    )


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--bare", action="store_true", help="the bare Starlette endpoint instead")
    uvloop.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
