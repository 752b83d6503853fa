"""One app fixture, parametrised over SQLite and PostgreSQL; schema built by Alembic.

Per backend and per test session: one migrated database, one Hub (connection or pool) and one
app with its client. Before each test every table is emptied and ids restart, so a test sees an
empty store whatever ran before it. ``CONTACTHUB_TEST_DATABASES=sqlite`` narrows the run;
``CONTACTHUB_TEST_POSTGRES_URL`` names the server (default: the local one, trust auth).
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from litestar import Litestar

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.db.factory import database_for
from contacthub.server.protocol import Utf8UrlHttpToolsProtocol
from tests.factories import Org, make_org
from tests.support import (
    BACKENDS,
    SequentialIds,
    TestClock,
    create_postgres_database,
    create_sqlite_database,
    drop_postgres_database,
    empty_database,
    test_env,
)


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    if request.param == "postgresql":
        url = await create_postgres_database()
        yield url
        await drop_postgres_database(url)
    else:
        yield await create_sqlite_database(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def clock() -> TestClock:
    return TestClock()


@pytest.fixture(scope="session")
async def hub(settings: Settings, clock: TestClock) -> AsyncIterator[Hub]:
    hub = Hub(database_for(settings), test_env(clock, SequentialIds()))
    await hub.db.connect()
    yield hub
    await hub.db.close()


@pytest.fixture(autouse=True)
async def _fresh_store(request: pytest.FixtureRequest, clock: TestClock) -> None:
    if "hub" in request.fixturenames:
        hub: Hub = request.getfixturevalue("hub")
        await empty_database(hub.db)
    clock.frozen = None


@pytest.fixture(scope="session")
def app(settings: Settings, hub: Hub) -> Litestar:
    return create_app(settings, hub=hub)


@pytest.fixture(scope="session")
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP to the app in this event loop (the Hub's pool belongs to it), no sockets."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


@pytest.fixture
async def full_lane(settings: Settings, hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """The app with no hot lane: every request through Litestar (to compare the lanes)."""
    app = create_app(settings, hub=hub, hot_lane=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


@pytest.fixture
async def org(hub: Hub) -> Org:
    return await make_org(hub, "Acme")


@pytest.fixture
async def other_org(hub: Hub) -> Org:
    return await make_org(hub, "Umbrella")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Litestar, http: Any = Utf8UrlHttpToolsProtocol) -> Iterator[str]:
    """A real uvicorn for ``app`` on 127.0.0.1 (own thread, own event loop), its URL."""
    port = _free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        http=http,
        # As `contacthub serve` runs it, so that its hot GETs are answered at once.
        proxy_headers=False,
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    else:
        raise RuntimeError("the live server did not start")
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 (own thread, own event loop, own connection to the test
    database), for clients that speak real HTTP: curl, php, requests. It delivers no webhooks:
    its delivery worker would claim the deliveries of tests that run their own server on the
    same database (tests/reliability/test_kill9_feed.py) and refuse their private receiver."""
    quiet = settings.model_copy(update={"webhook_delivery_in_server": False})
    with serving(create_app(quiet)) as url:
        yield url


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent
