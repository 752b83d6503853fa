"""core.login_limits: attempts per key in one-minute windows, shared through the database."""

from __future__ import annotations

import pytest

from contacthub.core import login_limits
from contacthub.core.scope import Hub
from contacthub.errors import RateLimited
from tests.support import TestClock as Clock

KEYS = login_limits.keys_for("Anna@Example.com", "10.0.0.1", limit=3, ceiling=5)


async def _failures(hub: Hub, key: str) -> int | None:
    async with hub.db.read() as conn:
        value = await conn.fetch_value(
            "SELECT failures FROM login_attempts WHERE key = :key", {"key": key}
        )
    return None if value is None else int(value)


def test_keys_are_hashed_and_case_blind() -> None:
    again = login_limits.keys_for(" anna@example.com ", "10.0.0.1", limit=3, ceiling=5)
    assert again == KEYS
    assert "anna" not in KEYS.account + KEYS.pair
    assert "10.0.0.1" not in KEYS.address + KEYS.pair
    assert len({KEYS.pair, KEYS.address, KEYS.account}) == 3


async def test_the_attempt_past_the_limit_is_refused_and_not_counted(
    hub: Hub, clock: Clock
) -> None:
    clock.freeze()
    for _ in range(3):
        await login_limits.attempt(hub, KEYS.limits)
    clock.advance(seconds=20.5)
    with pytest.raises(RateLimited) as refused:
        await login_limits.attempt(hub, KEYS.limits)
    assert refused.value.retry_after == 40  # rounded up: 39.5 s remain
    assert await _failures(hub, KEYS.pair) == 3


async def test_a_new_window_starts_afresh(hub: Hub, clock: Clock) -> None:
    clock.freeze()
    for _ in range(3):
        await login_limits.attempt(hub, KEYS.limits)
    clock.advance(minutes=1)
    await login_limits.attempt(hub, KEYS.limits)
    assert await _failures(hub, KEYS.pair) == 1


async def test_other_accounts_from_the_address_count_only_toward_the_ceiling(
    hub: Hub, clock: Clock
) -> None:
    clock.freeze()
    for number in range(5):
        other = login_limits.keys_for(f"user{number}@example.com", "10.0.0.1", limit=3, ceiling=5)
        await login_limits.attempt(hub, other.limits)
    with pytest.raises(RateLimited):
        await login_limits.attempt(hub, KEYS.limits)
    # The refused attempt rolled back: the fresh pair was not counted either.
    assert await _failures(hub, KEYS.pair) is None


async def test_forgive_clears_the_pair_and_returns_one_to_the_others(
    hub: Hub, clock: Clock
) -> None:
    clock.freeze()
    for _ in range(3):
        await login_limits.attempt(hub, KEYS.limits)
    async with hub.db.write() as conn:
        await login_limits.forgive(conn, KEYS)
    assert await _failures(hub, KEYS.pair) is None
    assert await _failures(hub, KEYS.address) == 2
    assert await _failures(hub, KEYS.account) == 2


async def test_finished_windows_are_swept(hub: Hub, clock: Clock) -> None:
    clock.freeze()
    old = login_limits.keys_for("old@example.com", "10.0.0.2", limit=3, ceiling=5)
    await login_limits.attempt(hub, old.limits)
    clock.advance(minutes=2)
    await login_limits.attempt(hub, KEYS.limits)
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM login_attempts") == 3
