"""What the migration tests share: a database of a test's own (a hub over it: support.hub_at)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support import (
    create_postgres_database,
    create_sqlite_database,
    drop_postgres_database,
)


@pytest.fixture
async def fresh_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own: a test that moves its schema back and forth."""
    if backend == "postgresql":
        url = await create_postgres_database()
        yield url
        await drop_postgres_database(url)
    else:
        yield await create_sqlite_database(tmp_path)
