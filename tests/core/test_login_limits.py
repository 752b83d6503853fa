"""core.login_limits: attempts per key in one-minute windows, shared through the database."""

from __future__ import annotations

import pytest

from contacthub.core import login_limits
from contacthub.core.scope import Hub
from contacthub.errors import RateLimited
from tests.support import TestClock as Clock

KEYS = [login_limits.account_key("Anna@Example.com"), login_limits.address_key("10.0.0.1")]


async def _failures(hub: Hub, key: str) -> int | None:
    async with hub.db.read() as conn:
        value = await conn.fetch_value(
            "SELECT failures FROM login_attempts WHERE key = :key", {"key": key}
        )
    return None if value is None else int(value)


def test_keys_are_hashed_and_case_blind() -> None:
    assert login_limits.account_key(" anna@example.com ") == KEYS[0]
    assert "anna" not in KEYS[0]
    assert "10.0.0.1" not in KEYS[1]


async def test_the_attempt_past_the_limit_is_refused_and_not_counted(
    hub: Hub, clock: Clock
) -> None:
    clock.freeze()
    for _ in range(3):
        await login_limits.attempt(hub, KEYS, limit=3)
    clock.advance(seconds=20.5)
    with pytest.raises(RateLimited) as refused:
        await login_limits.attempt(hub, KEYS, limit=3)
    assert refused.value.retry_after == 40  # rounded up: 39.5 s remain
    assert await _failures(hub, KEYS[0]) == 3


async def test_a_new_window_starts_afresh(hub: Hub, clock: Clock) -> None:
    clock.freeze()
    for _ in range(3):
        await login_limits.attempt(hub, KEYS, limit=3)
    clock.advance(minutes=1)
    await login_limits.attempt(hub, KEYS, limit=3)
    assert await _failures(hub, KEYS[0]) == 1


async def test_one_key_at_its_limit_blocks_the_attempt(hub: Hub, clock: Clock) -> None:
    clock.freeze()
    for number in range(2):
        account = login_limits.account_key(f"user{number}@example.com")
        await login_limits.attempt(hub, [account, KEYS[1]], limit=2)
    with pytest.raises(RateLimited):
        await login_limits.attempt(hub, KEYS, limit=2)
    # The refused attempt rolled back: the fresh account was not counted either.
    assert await _failures(hub, KEYS[0]) is None


async def test_forgive_clears_the_account_and_returns_one_to_the_address(
    hub: Hub, clock: Clock
) -> None:
    clock.freeze()
    for _ in range(3):
        await login_limits.attempt(hub, KEYS, limit=5)
    async with hub.db.write() as conn:
        await login_limits.forgive(conn, account=KEYS[0], address=KEYS[1])
    assert await _failures(hub, KEYS[0]) is None
    assert await _failures(hub, KEYS[1]) == 2


async def test_finished_windows_are_swept(hub: Hub, clock: Clock) -> None:
    clock.freeze()
    await login_limits.attempt(hub, [login_limits.account_key("old@example.com")], limit=5)
    clock.advance(minutes=2)
    await login_limits.attempt(hub, KEYS, limit=5)
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM login_attempts") == 2
