"""Login attempts counted per key (an account, a client address) in fixed one-minute windows.

    attempt(keys)  count one attempt on every key, or RateLimited when a key is at its limit
    forgive(...)   a login succeeded: the account starts afresh, the address gets this one back

An attempt is counted *before* the password is checked, in one transaction with the limit check,
so parallel guesses cannot slip past the limit while argon2 runs; a successful login then takes
its attempt back. What remains counted are the failures. The counts live in the database, not in
memory, so every worker of a server shares them.

The table is not an organization's: a login names no organization. Keys are hashed, so the table
does not collect the e-mail addresses that strangers type.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from contacthub.core.scope import Hub
from contacthub.db.database import Connection
from contacthub.errors import RateLimited

WINDOW = timedelta(minutes=1)


def account_key(email: str) -> str:
    return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def address_key(address: str) -> str:
    return "address:" + hashlib.sha256(address.encode()).hexdigest()


async def _count(conn: Connection, key: str, now: datetime) -> tuple[int, datetime]:
    """Add one attempt to the key's current window (a new window when the last one is over)."""
    row = await conn.fetch_one(
        "INSERT INTO login_attempts (key, window_start, failures) VALUES (:key, :now, 1)"
        " ON CONFLICT (key) DO UPDATE SET"
        " failures = CASE WHEN login_attempts.window_start <= :over THEN 1"
        " ELSE login_attempts.failures + 1 END,"
        " window_start = CASE WHEN login_attempts.window_start <= :over THEN :now"
        " ELSE login_attempts.window_start END"
        " RETURNING failures, window_start",
        {"key": key, "now": now, "over": now - WINDOW},
    )
    assert row is not None
    return int(row["failures"]), row["window_start"]


async def attempt(hub: Hub, keys: Sequence[str], *, limit: int) -> None:
    """Count an attempt on every key; ``RateLimited`` (and nothing counted) past ``limit``."""
    now = hub.env.clock()
    async with hub.db.write() as conn:
        # Finished windows go here rather than in a job: the table holds about a minute of keys.
        await conn.execute(
            "DELETE FROM login_attempts WHERE window_start <= :over", {"over": now - WINDOW}
        )
        wait = 0
        for key in keys:
            count, window_start = await _count(conn, key, now)
            if count > limit:
                remaining = (window_start + WINDOW - now).total_seconds()
                wait = max(wait, math.ceil(remaining), 1)
        if wait:
            # Raised inside the unit of work: this refused attempt is rolled back, not counted.
            raise RateLimited(
                f"too many failed logins; try again in {wait} seconds", retry_after=wait
            )


async def forgive(conn: Connection, *, account: str, address: str) -> None:
    """A login succeeded: clear the account's failures and take back this attempt's count on the
    address (other failures from the address still count). Runs in the caller's unit of work."""
    await conn.execute("DELETE FROM login_attempts WHERE key = :key", {"key": account})
    await conn.execute(
        "UPDATE login_attempts SET failures = failures - 1 WHERE key = :key AND failures > 0",
        {"key": address},
    )
