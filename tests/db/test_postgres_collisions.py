"""A deadlock between two write units on PostgreSQL: the one PostgreSQL rolls back answers a
clear ``Unavailable`` (a 503 that says to send it again), never a driver exception (a 500)."""

from __future__ import annotations

import asyncio

import pytest

from contacthub.core.scope import Hub
from contacthub.db.postgres import COLLIDED
from contacthub.errors import Unavailable


async def test_a_deadlock_victim_answers_unavailable(hub: Hub, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite's write units run one at a time: they cannot deadlock")
    async with hub.db.write() as conn:
        await conn.execute("CREATE TABLE IF NOT EXISTS collision_probe (n INTEGER PRIMARY KEY)")
        await conn.execute("DELETE FROM collision_probe")
        await conn.execute("INSERT INTO collision_probe (n) VALUES (1), (2)")
    both_hold_one = asyncio.Barrier(2)

    async def unit(first: int, second: int) -> None:
        async with hub.db.write() as conn:
            await conn.execute("UPDATE collision_probe SET n = n WHERE n = :n", {"n": first})
            await both_hold_one.wait()
            await conn.execute("UPDATE collision_probe SET n = n WHERE n = :n", {"n": second})

    try:
        results = await asyncio.gather(unit(1, 2), unit(2, 1), return_exceptions=True)
    finally:
        async with hub.db.write() as conn:
            await conn.execute("DROP TABLE collision_probe")
    failures = [result for result in results if isinstance(result, BaseException)]
    assert len(failures) == 1
    assert isinstance(failures[0], Unavailable)
    assert (failures[0].code, failures[0].message) == ("retry", COLLIDED)
