"""Login sessions of users: an access token that expires, and a refresh token that renews it.

    log_in(e-mail, password) --login_limits, users.check_login--> family + first pair
    authenticate(access token) --signature, exp, pair by hash, family live--> Principal(org, user)
    refresh(refresh token) --pair by hash--> the family's next pair (once: see below)
    revoke(access token) --> the family ends (log out)

A login is a family (``session_families``) of token pairs (``user_sessions``): each refresh adds
the pair that follows the one renewed. The access token is a JWT signed with HS256
(core/jwt.py) whose ``exp`` tells clients when to refresh; the refresh token is 256 bits. The
database keeps only the SHA-256 of each, so a copy of it lets nobody in, and a pair whose family
ended (core/session_families.py: logout, reuse, new password) or whose user is disabled or
deleted stops working even though its signature is still good.

The rules a refresh follows, for TWIN's PHP SDK (issue 20), which several workers run sharing
one stored pair and which renews only on 401 "Token is expired.":
- An access token works until its own ``exp``; a refresh does not end it (the SDK took "The
  session has ended." for a fatal error).
- A refresh token renews once. Presented again within ``reuse_grace`` (30 s), it answers the very
  pair the first renewal made, so a second worker goes on with it. That pair is derived again
  from the refresh token and a random seed kept with the pair (HMAC with the signing key), so
  neither token is ever stored.
- Presented after the grace, it is taken for a stolen token (RFC 6819 5.2.2.3; OAuth 2.0
  Security BCP 4.14.2): the family ends, so the thief and the owner both log in again.
The database decides which renewal is the first, for every server process alike: the renewal
marks its pair rotated with a conditional UPDATE (on PostgreSQL a racing one waits for the row
lock, then finds it rotated), and a pair has at most one successor (``parent_id`` is unique).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import msgspec

from contacthub.core import jwt, login_limits, session_families, users
from contacthub.core.credentials import new_token, token_hash
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub, Scope
from contacthub.db.database import Row
from contacthub.errors import Invalid, Unauthorized

REFRESH_PREFIX = "chr_"
MAX_TTL_SECONDS = 366 * 24 * 3600
_SESSION_COLUMNS = (
    "s.id, s.org_id, s.family_id, f.user_id, s.access_expires_at, s.refresh_expires_at,"
    " s.rotated_at, f.ended_at, u.account_enabled, u.is_admin"
)


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """How sessions are issued: the signing key comes from the settings, never from the code."""

    key: bytes
    attempts_per_minute: int  # failed logins of one account from one address
    attempts_ceiling: int = 100  # from one address, or to one account, whatever the other
    default_ttl: timedelta = timedelta(days=7)
    # A refresh token outlives its access token by this much, so a client that comes back
    # within it renews the session instead of asking the person for the password again.
    refresh_grace: timedelta = timedelta(days=30)
    # How long a used refresh token still answers the pair it was renewed with (workers sharing
    # one pair renew it together); used later, it ends its login.
    reuse_grace: timedelta = timedelta(seconds=30)


class SessionTokens(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime
    org_id: int
    user_id: int


def token_lifetime(ttl_seconds: int | None, policy: SessionPolicy) -> timedelta:
    """The access token's lifetime: ``ttl_seconds`` (1 s .. 366 days), else the policy's."""
    if ttl_seconds is None:
        return policy.default_ttl
    if not 1 <= ttl_seconds <= MAX_TTL_SECONDS:
        raise Invalid.field("ttl", f"ttl must be between 1 and {MAX_TTL_SECONDS} seconds")
    return timedelta(seconds=ttl_seconds)


@dataclass(frozen=True, slots=True)
class _Pair:
    """What a token pair is made of; ``issued`` and ``expires`` in whole seconds, so the JWT's
    ``iat``/``exp`` and the row's times name the same instants."""

    org_id: int
    user_id: int
    issued: datetime
    expires: datetime
    refresh_expires: datetime


def _tokens(policy: SessionPolicy, pair: _Pair, *, refresh_token: str, jti: str) -> SessionTokens:
    claims = {
        "sub": str(pair.user_id),
        "org": pair.org_id,
        "iat": int(pair.issued.timestamp()),
        "exp": int(pair.expires.timestamp()),
        "jti": jti,
    }
    return SessionTokens(
        access_token=jwt.encode(claims, policy.key),
        refresh_token=refresh_token,
        access_expires_at=pair.expires,
        refresh_expires_at=pair.refresh_expires,
        org_id=pair.org_id,
        user_id=pair.user_id,
    )


def _new_pair(
    policy: SessionPolicy, *, org_id: int, user_id: int, now: datetime, lifetime: timedelta
) -> _Pair:
    issued = now.replace(microsecond=0)
    return _Pair(
        org_id, user_id, issued, issued + lifetime, issued + lifetime + policy.refresh_grace
    )


def _renewal(policy: SessionPolicy, pair: _Pair, *, renewed: str, seed: str) -> SessionTokens:
    """The tokens that follow the refresh token ``renewed``: the same for the same seed, and
    nobody derives them without that token, the seed and the signing key together."""

    def derived(purpose: str) -> str:
        message = f"{purpose}:{seed}:{renewed}".encode()
        digest = hmac.new(policy.key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    return _tokens(
        policy, pair, refresh_token=REFRESH_PREFIX + derived("refresh"), jti=derived("jti")[:22]
    )


async def log_in(
    hub: Hub,
    policy: SessionPolicy,
    email: str,
    password: str,
    *,
    address: str,
    ttl_seconds: int | None = None,
    org_id: int | None = None,
) -> SessionTokens:
    """A new session for the user with this e-mail and password. ``org_id``, when given, must be
    the user's organization. Failures (a wrong organization too) count against the account and
    the client's address."""
    lifetime = token_lifetime(ttl_seconds, policy)
    keys = login_limits.keys_for(
        email, address, limit=policy.attempts_per_minute, ceiling=policy.attempts_ceiling
    )
    await login_limits.attempt(hub, keys.limits)
    # A person with accounts in several organizations names one (TWIN's companyId).
    user = await users.check_login(hub, email, password, org_id=org_id)
    if user is None:
        raise Unauthorized("the e-mail or the password is wrong", code="login_failed")
    now = hub.env.clock()
    pair = _new_pair(policy, org_id=user.org_id, user_id=user.id, now=now, lifetime=lifetime)
    # A login's pair is random; only renewals are derived (_renewal).
    tokens = _tokens(
        policy, pair, refresh_token=new_token(REFRESH_PREFIX), jti=secrets.token_urlsafe(16)
    )
    async with hub.writing(user.org_id) as s:
        await login_limits.forgive(s.conn, keys)
        # Logins nobody can renew any more go when their user logs in again.
        await s.execute(
            "DELETE FROM session_families WHERE org_id = :org AND user_id = :user"
            " AND (ended_at IS NOT NULL OR NOT EXISTS (SELECT 1 FROM user_sessions p"
            " WHERE p.family_id = session_families.id AND p.refresh_expires_at > :now))",
            user=user.id,
            now=now,
        )
        family = await s.fetch_value(
            "INSERT INTO session_families (org_id, user_id, created_at)"
            " VALUES (:org, :user, :now) RETURNING id",
            user=user.id,
            now=now,
        )
        await _store(s, family, tokens, issued=pair.issued)
    return tokens


async def _store(
    s: Scope,
    family_id: int,
    tokens: SessionTokens,
    *,
    issued: datetime,
    parent: int | None = None,
    seed: str | None = None,
) -> None:
    await s.execute(
        "INSERT INTO user_sessions (org_id, family_id, parent_id, seed, access_hash, refresh_hash,"
        " access_expires_at, refresh_expires_at, created_at)"
        " VALUES (:org, :family, :parent, :seed, :access, :refresh, :access_expires,"
        " :refresh_expires, :issued)",
        family=family_id,
        parent=parent,
        seed=seed,
        access=token_hash(tokens.access_token),
        refresh=token_hash(tokens.refresh_token),
        access_expires=tokens.access_expires_at,
        refresh_expires=tokens.refresh_expires_at,
        issued=issued,  # the JWT's iat: a pair derived again (the grace) is rebuilt with it
    )


async def _session_by(hub: Hub, column: str, secret: str) -> Row | None:
    async with hub.db.read() as conn:
        # Unscoped by design: the token is what names the organization.
        return await conn.fetch_one(
            f"SELECT {_SESSION_COLUMNS} FROM user_sessions s"
            " JOIN session_families f ON f.id = s.family_id JOIN users u ON u.id = f.user_id"
            f" WHERE s.{column} = :hash",
            {"hash": token_hash(secret)},
        )


def _live(row: Row | None) -> bool:
    return row is not None and row["ended_at"] is None and bool(row["account_enabled"])


async def authenticate(hub: Hub, policy: SessionPolicy, access_token: str | None) -> Principal:
    """The user and organization of a live session; ``Unauthorized`` with code ``token_missing``,
    ``token_invalid`` or ``token_expired`` otherwise."""
    if not access_token:
        raise Unauthorized("a token is required", code="token_missing")
    try:
        claims = jwt.decode(access_token, policy.key)
    except jwt.InvalidToken:
        raise Unauthorized("the token is not valid", code="token_invalid") from None
    expires = claims.get("exp")
    if not isinstance(expires, int) or isinstance(expires, bool):
        raise Unauthorized("the token is not valid", code="token_invalid")
    now = hub.env.clock()
    if now.timestamp() >= expires:
        raise Unauthorized("the token is expired", code="token_expired")
    row = await _session_by(hub, "access_hash", access_token)
    if row is None or not _live(row):
        raise Unauthorized("the session has ended", code="token_invalid")
    if row["access_expires_at"] <= now:
        raise Unauthorized("the token is expired", code="token_expired")
    # The role is the user's now, not at login: a demotion takes effect on the next request.
    return Principal(org_id=row["org_id"], user_id=row["user_id"], admin=bool(row["is_admin"]))


async def refresh(
    hub: Hub, policy: SessionPolicy, refresh_token: str, *, ttl_seconds: int | None = None
) -> SessionTokens:
    """The next pair of the session of ``refresh_token``; the old access token works on until its
    ``exp``. A refresh token renews once: presented again within ``policy.reuse_grace`` it
    answers that same next pair, later it ends the session (``refresh_reused``)."""
    lifetime = token_lifetime(ttl_seconds, policy)
    row = await _renewable(hub, refresh_token)
    if row["rotated_at"] is None:
        renewed = await _rotate(hub, policy, row, refresh_token, lifetime)
        if renewed is not None:
            return renewed
        # Another renewal of the same token committed first: this one is a reuse.
        row = await _renewable(hub, refresh_token)
    return await _reuse(hub, policy, row, refresh_token)


async def _renewable(hub: Hub, refresh_token: str) -> Row:
    row = await _session_by(hub, "refresh_hash", refresh_token) if refresh_token else None
    if row is None or not _live(row) or row["refresh_expires_at"] <= hub.env.clock():
        raise Unauthorized("the refresh token is unknown or expired", code="refresh_invalid")
    return row


async def _rotate(
    hub: Hub, policy: SessionPolicy, row: Row, refresh_token: str, lifetime: timedelta
) -> SessionTokens | None:
    """Renew the pair of ``row``, unless another renewal did (None)."""
    now = hub.env.clock()
    pair = _new_pair(
        policy, org_id=row["org_id"], user_id=row["user_id"], now=now, lifetime=lifetime
    )
    seed = secrets.token_hex(32)
    tokens = _renewal(policy, pair, renewed=refresh_token, seed=seed)
    async with hub.writing(row["org_id"]) as s:
        rotated = await s.execute(
            "UPDATE user_sessions SET rotated_at = :now"
            " WHERE org_id = :org AND id = :id AND rotated_at IS NULL",
            id=row["id"],
            now=now,
        )
        if not rotated:
            return None
        await _store(s, row["family_id"], tokens, issued=pair.issued, parent=row["id"], seed=seed)
        # Renewed pairs whose refresh token has expired can be neither used nor reused now.
        await s.execute(
            "DELETE FROM user_sessions WHERE org_id = :org AND family_id = :family"
            " AND rotated_at IS NOT NULL AND refresh_expires_at <= :now",
            family=row["family_id"],
            now=now,
        )
    return tokens


async def _reuse(hub: Hub, policy: SessionPolicy, row: Row, refresh_token: str) -> SessionTokens:
    """A refresh token that renewed its pair already: within the grace, the pair it renewed it
    with; after it, the end of its login."""
    rotated = row["rotated_at"]
    if rotated is None:  # its renewal was rolled back after all: nothing to answer with
        raise Unauthorized("the refresh token is unknown or expired", code="refresh_invalid")
    if hub.env.clock() - rotated > policy.reuse_grace:
        async with hub.writing(row["org_id"]) as s:
            await session_families.end_family(s, row["family_id"], "reuse")
        raise Unauthorized(
            "the refresh token was already used; the session has ended", code="refresh_reused"
        )
    async with hub.reading(row["org_id"]) as s:
        successor = await s.fetch_one(
            "SELECT seed, access_hash, refresh_hash, access_expires_at, refresh_expires_at,"
            " created_at FROM user_sessions WHERE org_id = :org AND parent_id = :id",
            id=row["id"],
        )
    if successor is not None and successor["seed"] is not None:
        pair = _Pair(
            org_id=row["org_id"],
            user_id=row["user_id"],
            issued=successor["created_at"],
            expires=successor["access_expires_at"],
            refresh_expires=successor["refresh_expires_at"],
        )
        tokens = _renewal(policy, pair, renewed=refresh_token, seed=successor["seed"])
        # The same pair unless the signing key changed in between (then no token of it works).
        if (token_hash(tokens.access_token), token_hash(tokens.refresh_token)) == (
            successor["access_hash"],
            successor["refresh_hash"],
        ):
            return tokens
    raise Unauthorized("the refresh token is unknown or expired", code="refresh_invalid")


async def revoke(hub: Hub, access_token: str) -> bool:
    """End the session of an access token (log out): every pair of its login; answers whether it
    was live."""
    row = await _session_by(hub, "access_hash", access_token)
    if row is None:
        return False
    async with hub.writing(row["org_id"]) as s:
        return await session_families.end_family(s, row["family_id"], "logout")
