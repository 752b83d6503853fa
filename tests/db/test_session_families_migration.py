"""Migration 0007 keeps the logins that exist: each old session becomes a family of one pair.

A TWIN integration built ``fromJwt`` has no password to log in again with, so an upgrade that
dropped its session would stop it for good.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from alembic import command

from contacthub.core import jwt, sessions
from contacthub.core.credentials import token_hash
from contacthub.core.sessions import SessionPolicy
from contacthub.db.migrate import alembic_config, upgrade
from contacthub.errors import Unauthorized
from tests.factories import make_org, make_user
from tests.support import TestClock, hub_at

BEFORE = "0006_user_email_per_org"
POLICY = SessionPolicy(key=b"m" * 32, attempts_per_minute=10)


async def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    if down:
        await asyncio.to_thread(command.downgrade, alembic_config(url), revision)
    else:
        await asyncio.to_thread(upgrade, url, revision)


async def test_sessions_survive_the_upgrade_and_the_downgrade(
    fresh_url: str, clock: TestClock
) -> None:
    now = clock.freeze()
    await _migrate(fresh_url, BEFORE, down=True)
    hub = hub_at(fresh_url, clock)
    await hub.db.connect()
    org = await make_org(hub)
    user = await make_user(org, "anna@example.com")
    expires = now + timedelta(hours=1)
    live = jwt.encode(
        {"sub": str(user.id), "org": org.id, "exp": int(expires.timestamp())}, POLICY.key
    )
    async with hub.db.write() as conn:
        for number, (access, revoked) in enumerate(((live, None), ("old", now)), start=1):
            await conn.execute(
                "INSERT INTO user_sessions (org_id, user_id, access_hash, refresh_hash,"
                " access_expires_at, refresh_expires_at, created_at, revoked_at)"
                " VALUES (:org, :user, :access, :refresh, :expires, :refresh_expires, :now,"
                " :revoked)",
                {
                    "org": org.id,
                    "user": user.id,
                    "access": token_hash(access),
                    "refresh": token_hash(f"chr_{number}"),
                    "expires": expires,
                    "refresh_expires": expires + timedelta(days=30),
                    "now": now,
                    "revoked": revoked,
                },
            )
    await hub.db.close()

    await _migrate(fresh_url, "head")
    hub = hub_at(fresh_url, clock)
    await hub.db.connect()
    assert (await sessions.authenticate(hub, POLICY, live)).user_id == user.id
    with pytest.raises(Unauthorized):
        await sessions.refresh(hub, POLICY, "chr_2")  # the revoked one stays ended
    renewed = await sessions.refresh(hub, POLICY, "chr_1")
    assert (await sessions.authenticate(hub, POLICY, renewed.access_token)).org_id == org.id
    async with hub.db.write() as conn:
        # New families are numbered past the copied ones (PostgreSQL's sequence moved on).
        family = await conn.fetch_value(
            "INSERT INTO session_families (org_id, user_id, created_at)"
            " VALUES (:org, :user, :now) RETURNING id",
            {"org": org.id, "user": user.id, "now": now},
        )
    assert family == 3
    await hub.db.close()

    await _migrate(fresh_url, BEFORE, down=True)
    hub = hub_at(fresh_url, clock)
    await hub.db.connect()
    async with hub.db.read() as conn:
        rows = await conn.fetch_all(
            "SELECT user_id, refresh_hash, revoked_at FROM user_sessions ORDER BY id"
        )
    await hub.db.close()
    # Each login keeps its newest pair: the revoked one as it was, and the renewed one.
    assert [(row["user_id"], row["revoked_at"] is None) for row in rows] == [
        (user.id, False),
        (user.id, True),
    ]
    assert token_hash(renewed.refresh_token) in {row["refresh_hash"] for row in rows}
