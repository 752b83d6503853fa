"""Login attempts counted per key in fixed one-minute windows.

    keys_for(email, address, policy)  the keys a login counts on, each with its limit
    attempt(keys)                     count one attempt on every key, or RateLimited at a limit
    forgive(...)                      a login succeeded: its keys get this attempt back

A login counts on three keys, as Laravel's login throttle and its usual hardening do:
- the account *from* the address, at the ordinary limit (10 a minute): one guesser is stopped;
- the address alone and the account alone, at a ceiling ten times higher: one address trying
  many accounts (spraying) and many addresses trying one account are stopped too.
Counting per account and per address alone at the ordinary limit made 10 bad passwords for one
account block correct logins of the other accounts behind the same address (an office's NAT),
and a C# client that logs in before every call then worked on with a null token.

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
from dataclasses import dataclass
from datetime import datetime, timedelta

from contacthub.core.scope import Hub
from contacthub.db.database import Connection
from contacthub.errors import RateLimited

WINDOW = timedelta(minutes=1)


def account_key(email: str) -> str:
    return "account:" + hashlib.sha256(_account(email).encode()).hexdigest()


def address_key(address: str) -> str:
    return "address:" + hashlib.sha256(address.encode()).hexdigest()


def pair_key(email: str, address: str) -> str:
    return "pair:" + hashlib.sha256(f"{_account(email)}\0{address}".encode()).hexdigest()


def _account(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class LoginKeys:
    """The keys one login attempt counts on, with their limits a minute."""

    pair: str
    address: str
    account: str
    limit: int
    ceiling: int

    @property
    def limits(self) -> list[tuple[str, int]]:
        return [(self.pair, self.limit), (self.address, self.ceiling), (self.account, self.ceiling)]


def keys_for(email: str, address: str, *, limit: int, ceiling: int) -> LoginKeys:
    return LoginKeys(
        pair=pair_key(email, address),
        address=address_key(address),
        account=account_key(email),
        limit=limit,
        ceiling=ceiling,
    )


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


async def attempt(hub: Hub, limits: Sequence[tuple[str, int]]) -> None:
    """Count an attempt on every key; ``RateLimited`` (and nothing counted) when one is past its
    limit."""
    now = hub.env.clock()
    async with hub.db.write() as conn:
        # Finished windows go here rather than in a job: the table holds about a minute of keys.
        await conn.execute(
            "DELETE FROM login_attempts WHERE window_start <= :over", {"over": now - WINDOW}
        )
        wait = 0
        for key, limit in limits:
            count, window_start = await _count(conn, key, now)
            if count > limit:
                remaining = (window_start + WINDOW - now).total_seconds()
                wait = max(wait, math.ceil(remaining), 1)
        if wait:
            # Raised inside the unit of work: this refused attempt is rolled back, not counted.
            raise RateLimited(
                f"too many failed logins; try again in {wait} seconds", retry_after=wait
            )


async def forgive(conn: Connection, keys: LoginKeys) -> None:
    """A login succeeded: clear the account's failures from this address and take back this
    attempt's count on the address and the account alone (other failures there still count).
    Runs in the caller's unit of work."""
    await conn.execute("DELETE FROM login_attempts WHERE key = :key", {"key": keys.pair})
    for key in (keys.address, keys.account):
        await conn.execute(
            "UPDATE login_attempts SET failures = failures - 1 WHERE key = :key AND failures > 0",
            {"key": key},
        )
