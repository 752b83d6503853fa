"""Test plumbing that is not a fixture: deterministic clock and ids, database set-up."""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from contacthub.config import Settings
from contacthub.core.scope import Env, Hub
from contacthub.db.database import Database
from contacthub.db.factory import database_for
from contacthub.db.migrate import upgrade
from contacthub.db.models import TABLES_CHILDREN_FIRST

POSTGRES_ADMIN_URL = os.environ.get(
    "CONTACTHUB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = [
    name.strip()
    for name in os.environ.get("CONTACTHUB_TEST_DATABASES", "sqlite,postgresql").split(",")
    if name.strip()
]


@dataclass
class TestClock:
    """Real time unless a test freezes it; ``advance`` moves a frozen clock."""

    __test__ = False  # a helper, not a test class
    frozen: datetime | None = None

    def __call__(self) -> datetime:
        return self.frozen or datetime.now(UTC)

    def freeze(self, at: datetime | None = None) -> datetime:
        self.frozen = at or datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
        return self.frozen

    def advance(self, **delta: float) -> None:
        assert self.frozen is not None, "freeze the clock first"
        self.frozen += timedelta(**delta)


@dataclass
class SequentialIds:
    """UUIDs 00000000-0000-4000-8000-000000000001, ...002: readable and deterministic."""

    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __call__(self) -> str:
        return str(uuid.UUID(f"00000000-0000-4000-8000-{next(self.counter):012d}"))


def test_env(clock: TestClock, ids: SequentialIds) -> Env:
    return Env(region="RU", clock=clock, new_uuid=ids)


async def create_postgres_database() -> str:
    """A fresh, migrated database on the test server; answers its URL."""
    name = f"contacthub_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    await asyncio.to_thread(upgrade, url)
    return url


async def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def create_sqlite_database(directory: Path) -> str:
    url = f"sqlite:///{directory / 'contacthub.db'}"
    await asyncio.to_thread(upgrade, url)
    return url


def hub_at(url: str, clock: TestClock) -> Hub:
    """A hub over the database at ``url`` (not connected)."""
    settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
    return Hub(database_for(settings), Env(clock=clock))


async def empty_database(db: Database) -> None:
    """Remove every row and restart ids, so each test starts from the same empty store."""
    async with db.write() as conn:
        if db.dialect == "postgresql":
            await conn.execute(
                f"TRUNCATE {', '.join(TABLES_CHILDREN_FIRST)} RESTART IDENTITY CASCADE"
            )
        else:
            for table in TABLES_CHILDREN_FIRST:
                await conn.execute(f"DELETE FROM {table}")
            await conn.execute("DELETE FROM sqlite_sequence")
