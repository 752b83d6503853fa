"""core.sessions: log in, authenticate, refresh (once, a grace, theft), revoke; a new password
ends logins; tokens stored only as hashes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from contacthub.config import Settings
from contacthub.core import jwt, sessions, users
from contacthub.core.credentials import token_hash
from contacthub.core.scope import Hub
from contacthub.core.sessions import SessionPolicy
from contacthub.db.factory import database_for
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


async def test_refresh_renews_once_and_leaves_the_old_token_to_its_exp(
    hub: Hub, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    first = await _log_in(hub, ttl_seconds=60)
    clock.advance(seconds=30)
    second = await sessions.refresh(hub, POLICY, first.refresh_token, ttl_seconds=120)
    assert second.access_expires_at == clock() + timedelta(seconds=120)
    assert second.refresh_token.startswith(sessions.REFRESH_PREFIX)
    assert len(second.refresh_token) == len(first.refresh_token)
    # The old access token lives to its own exp, then expires (not "ended").
    assert (await sessions.authenticate(hub, POLICY, first.access_token)).org_id == org.id
    clock.advance(seconds=30)
    with pytest.raises(Unauthorized) as expired:
        await sessions.authenticate(hub, POLICY, first.access_token)
    assert expired.value.code == "token_expired"
    assert (await sessions.authenticate(hub, POLICY, second.access_token)).org_id == org.id
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM session_families") == 1
        assert await conn.fetch_value("SELECT COUNT(*) FROM user_sessions") == 2


async def test_a_reuse_within_the_grace_answers_the_same_pair(
    hub: Hub, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    first = await _log_in(hub, ttl_seconds=60)
    clock.advance(seconds=60)
    renewed = await sessions.refresh(hub, POLICY, first.refresh_token)
    clock.advance(seconds=POLICY.reuse_grace.total_seconds())
    # Another ttl changes nothing: the pair is the one the first renewal made.
    assert await sessions.refresh(hub, POLICY, first.refresh_token, ttl_seconds=5) == renewed
    # Derived again with another signing key, it is not that pair: refused, the login goes on.
    other_key = SessionPolicy(key=b"o" * 32, attempts_per_minute=3)
    with pytest.raises(Unauthorized) as refused:
        await sessions.refresh(hub, other_key, first.refresh_token)
    assert refused.value.code == "refresh_invalid"
    assert (await sessions.authenticate(hub, POLICY, renewed.access_token)).user_id


async def test_a_reuse_after_the_grace_ends_every_pair_of_the_login(
    hub: Hub, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    first = await _log_in(hub)
    other_login = await _log_in(hub)
    second = await sessions.refresh(hub, POLICY, first.refresh_token)
    third = await sessions.refresh(hub, POLICY, second.refresh_token)
    clock.advance(seconds=POLICY.reuse_grace.total_seconds() + 1)
    with pytest.raises(Unauthorized) as reused:
        await sessions.refresh(hub, POLICY, first.refresh_token)
    assert reused.value.code == "refresh_reused"
    for tokens in (first, second, third):
        with pytest.raises(Unauthorized) as ended:
            await sessions.authenticate(hub, POLICY, tokens.access_token)
        assert ended.value.code == "token_invalid"
    with pytest.raises(Unauthorized):
        await sessions.refresh(hub, POLICY, third.refresh_token)
    assert await sessions.authenticate(hub, POLICY, other_login.access_token)
    async with hub.db.read() as conn:
        reasons = await conn.fetch_all("SELECT end_reason FROM session_families ORDER BY id")
    assert [row["end_reason"] for row in reasons] == ["reuse", None]


async def test_racing_renewals_of_one_token_get_one_pair(
    hub: Hub, settings: Settings, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    first = await _log_in(hub)
    # Another server process: its own connections, nothing shared but the database.
    other = Hub(database_for(settings), hub.env)
    await other.db.connect()
    try:
        renewals = await asyncio.gather(
            *(sessions.refresh(h, POLICY, first.refresh_token) for h in [hub, other] * 4)
        )
    finally:
        await other.db.close()
    assert len({(t.access_token, t.refresh_token) for t in renewals}) == 1
    async with hub.db.read() as conn:
        assert await conn.fetch_value("SELECT COUNT(*) FROM user_sessions") == 2


async def test_renewed_pairs_go_once_their_refresh_token_expired(
    hub: Hub, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await _log_in(hub, ttl_seconds=60)
    for ttl in (60, 60, 3600):
        tokens = await sessions.refresh(hub, POLICY, tokens.refresh_token, ttl_seconds=ttl)
    clock.advance(days=30, seconds=60)
    await sessions.refresh(hub, POLICY, tokens.refresh_token)
    async with hub.db.read() as conn:
        # The pair just renewed and its successor; the three before them could only be refused.
        assert await conn.fetch_value("SELECT COUNT(*) FROM user_sessions") == 2


async def test_a_new_password_ends_the_users_logins_and_nothing_else_does(
    hub: Hub, org: Org
) -> None:
    user = await make_user(org, "anna@example.com", PASSWORD)
    colleague = await make_user(org, "boris@example.com", PASSWORD)
    tokens = await _log_in(hub)
    theirs = await _log_in(hub, "boris@example.com")
    async with hub.writing(org.id) as s:
        await users.update_user(s, user.id, users.UserDraft(name="Анна"))
    assert await sessions.authenticate(hub, POLICY, tokens.access_token)

    draft = users.UserDraft(password="another long password")
    password_hash = await users.hash_draft_password(draft)
    async with hub.writing(org.id) as s:
        await users.update_user(s, user.id, draft, password_hash)
    with pytest.raises(Unauthorized):
        await sessions.authenticate(hub, POLICY, tokens.access_token)
    with pytest.raises(Unauthorized):
        await sessions.refresh(hub, POLICY, tokens.refresh_token)
    assert (await sessions.authenticate(hub, POLICY, theirs.access_token)).user_id == colleague.id


async def test_disabling_an_account_ends_its_logins_for_good(hub: Hub, org: Org) -> None:
    user = await make_user(org, "anna@example.com", PASSWORD)
    colleague = await make_user(org, "boris@example.com", PASSWORD)
    tokens = await _log_in(hub)
    theirs = await _log_in(hub, "boris@example.com")
    async with hub.writing(org.id) as s:
        await users.update_user(s, user.id, users.UserDraft(account_enabled=False))
    async with hub.writing(org.id) as s:
        await users.update_user(s, user.id, users.UserDraft(account_enabled=True))
    # On again, the old login stays ended; a new one works.
    with pytest.raises(Unauthorized):
        await sessions.authenticate(hub, POLICY, tokens.access_token)
    with pytest.raises(Unauthorized):
        await sessions.refresh(hub, POLICY, tokens.refresh_token)
    assert (await sessions.authenticate(hub, POLICY, theirs.access_token)).user_id == colleague.id
    fresh = await _log_in(hub)
    assert (await sessions.authenticate(hub, POLICY, fresh.access_token)).user_id == user.id


async def test_revoke_ends_the_session(hub: Hub, org: Org) -> None:
    await make_user(org, "anna@example.com", PASSWORD)
    tokens = await _log_in(hub)
    renewed = await sessions.refresh(hub, POLICY, tokens.refresh_token)
    assert await sessions.revoke(hub, tokens.access_token)
    assert not await sessions.revoke(hub, renewed.access_token)
    for pair in (tokens, renewed):
        with pytest.raises(Unauthorized):
            await sessions.authenticate(hub, POLICY, pair.access_token)
        with pytest.raises(Unauthorized):
            await sessions.refresh(hub, POLICY, pair.refresh_token)


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
        assert await conn.fetch_value("SELECT COUNT(*) FROM session_families") == 1
        assert await conn.fetch_value("SELECT COUNT(*) FROM user_sessions") == 1
