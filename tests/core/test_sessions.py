"""core.sessions: log in, authenticate, refresh, revoke; tokens stored only as hashes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contacthub.core import jwt, sessions
from contacthub.core.credentials import token_hash
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionPolicy
from contacthub.errors import Invalid, RateLimited, Unauthorized
from tests.factories import Org, make_user
from tests.support import TestClock as Clock

PASSWORD = "correct horse battery"
POLICY = SessionPolicy(key=b"k" * 32, attempts_per_minute=3)


async def _log_in(
    hub: Hub,
    email: str = "anna@example.com",
    *,
    ttl_seconds: int | None = None,
    org_id: int | None = None,
) -> sessions.SessionTokens:
    return await sessions.log_in(
        hub, POLICY, email, PASSWORD, address="10.0.0.1", ttl_seconds=ttl_seconds, org_id=org_id
    )


async def test_a_login_opens_a_session_kept_only_as_hashes(
    hub: Hub, org: Org, clock: Clock
) -> None:
    now = clock.freeze()
    user = await make_user(org, "anna@example.com", PASSWORD)
    tokens = await _log_in(hub, "ANNA@example.com", ttl_seconds=90)
    assert tokens.access_expires_at == now + timedelta(seconds=90)
    assert tokens.refresh_expires_at == tokens.access_expires_at + timedelta(days=30)
    claims = jwt.decode(tokens.access_token, POLICY.key)
    assert claims["exp"] == int(tokens.access_expires_at.timestamp())
    assert (claims["sub"], claims["org"]) == (str(user.id), org.id)

    async with hub.db.read() as conn:
        rows = await conn.fetch_all("SELECT * FROM user_sessions")
    assert len(rows) == 1
    stored = {str(rows[0][column]) for column in ("access_hash", "refresh_hash")}
    assert stored == {token_hash(tokens.access_token), token_hash(tokens.refresh_token)}

    principal = await sessions.authenticate(hub, POLICY, tokens.access_token)
    assert (principal.org_id, principal.user_id) == (org.id, user.id)


async def test_wrong_passwords_count_until_the_limit(hub: Hub, org: Org, clock: Clock) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    for _ in range(3):
        with pytest.raises(Unauthorized) as failed:
            await sessions.log_in(hub, POLICY, "anna@example.com", "nope nope", address="10.0.0.1")
        assert failed.value.code == "login_failed"
    with pytest.raises(RateLimited):
        await _log_in(hub)
    # The account from another address is not locked out by this one's failures.
    assert await sessions.log_in(hub, POLICY, "anna@example.com", PASSWORD, address="10.0.0.2")
    clock.advance(minutes=1)
    assert (await _log_in(hub)).access_token


async def test_a_success_forgives_the_accounts_failures(hub: Hub, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            await sessions.log_in(hub, POLICY, "anna@example.com", "nope nope", address="a")
    await _log_in(hub)
    for _ in range(2):  # two more failures fit again: the count started afresh
        with pytest.raises(Unauthorized):
            await sessions.log_in(hub, POLICY, "anna@example.com", "nope nope", address="b")


async def test_bad_ttl_and_foreign_company(hub: Hub, org: Org, other_org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    for ttl in (0, -5, sessions.MAX_TTL_SECONDS + 1):
        with pytest.raises(Invalid):
            await _log_in(hub, ttl_seconds=ttl)
    with pytest.raises(Unauthorized):  # no account there: as a wrong password
        await _log_in(hub, org_id=other_org.id)
    assert (await _log_in(hub, org_id=org.id)).org_id == org.id


async def test_tokens_expire_with_the_clock(hub: Hub, org: Org, clock: Clock) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await _log_in(hub, ttl_seconds=10)
    clock.advance(seconds=10)
    with pytest.raises(Unauthorized) as expired:
        await sessions.authenticate(hub, POLICY, tokens.access_token)
    assert expired.value.code == "token_expired"


async def test_another_key_does_not_accept_the_token(hub: Hub, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await _log_in(hub)
    other = SessionPolicy(key=b"o" * 32, attempts_per_minute=3)
    with pytest.raises(Unauthorized) as refused:
        await sessions.authenticate(hub, other, tokens.access_token)
    assert refused.value.code == "token_invalid"


async def test_a_token_without_a_session_is_refused(hub: Hub) -> None:
    signed = jwt.encode({"sub": "1", "org": 1, "exp": 4_000_000_000}, POLICY.key)
    with pytest.raises(Unauthorized) as refused:
        await sessions.authenticate(hub, POLICY, signed)
    assert refused.value.code == "token_invalid"
    no_exp = jwt.encode({"sub": "1"}, POLICY.key)
    with pytest.raises(Unauthorized):
        await sessions.authenticate(hub, POLICY, no_exp)
    with pytest.raises(Unauthorized) as missing:
        await sessions.authenticate(hub, POLICY, None)
    assert missing.value.code == "token_missing"


async def test_refresh_rotates_and_works_once(hub: Hub, org: Org, clock: Clock) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    first = await _log_in(hub, ttl_seconds=60)
    clock.advance(seconds=30)
    second = await sessions.refresh(hub, POLICY, first.refresh_token, ttl_seconds=120)
    assert second.access_expires_at == clock() + timedelta(seconds=120)
    with pytest.raises(Unauthorized):
        await sessions.authenticate(hub, POLICY, first.access_token)
    with pytest.raises(Unauthorized):
        await sessions.refresh(hub, POLICY, first.refresh_token)
    assert (await sessions.authenticate(hub, POLICY, second.access_token)).org_id == org.id
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM user_sessions") == 1


async def test_revoke_ends_the_session(hub: Hub, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await _log_in(hub)
    assert await sessions.revoke(hub, tokens.access_token)
    assert not await sessions.revoke(hub, tokens.access_token)
    with pytest.raises(Unauthorized):
        await sessions.authenticate(hub, POLICY, tokens.access_token)
    with pytest.raises(Unauthorized):
        await sessions.refresh(hub, POLICY, tokens.refresh_token)


async def test_a_new_login_sweeps_sessions_nobody_can_renew(
    hub: Hub, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    await _log_in(hub, ttl_seconds=1)
    revoked = await _log_in(hub)
    await sessions.revoke(hub, revoked.access_token)
    clock.advance(days=31)
    await _log_in(hub)
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM user_sessions") == 1
