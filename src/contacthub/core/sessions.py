"""Login sessions of users: an access token that expires, and a refresh token that renews it.

    log_in(e-mail, password) --login_limits, users.check_login--> session row --> SessionTokens
    authenticate(access token) --signature, exp, row by hash--> Principal(org, user)
    refresh(refresh token) --row by hash--> the same session with new tokens; the old ones die

The access token is a JWT signed with HS256 (core/jwt.py) whose ``exp`` tells clients when to
refresh; the refresh token is 256 random bits. The database keeps only the SHA-256 of each, so a
copy of it lets nobody in, and a token whose row is gone (revoked, rotated, user deleted or
disabled) stops working even though its signature is still good.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import msgspec

from contacthub.core import jwt, login_limits, users
from contacthub.core.credentials import new_token, token_hash
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub
from contacthub.db.database import Row
from contacthub.errors import Invalid, Unauthorized

REFRESH_PREFIX = "chr_"
MAX_TTL_SECONDS = 366 * 24 * 3600
_SESSION_COLUMNS = (
    "s.id, s.org_id, s.user_id, s.access_expires_at, s.refresh_expires_at, s.revoked_at,"
    " u.account_enabled, u.is_admin"
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


def _mint(
    policy: SessionPolicy, *, org_id: int, user_id: int, now: datetime, lifetime: timedelta
) -> SessionTokens:
    # Whole seconds: the JWT's ``exp`` and the row's expiry then name the same instant.
    issued = now.replace(microsecond=0)
    expires = issued + lifetime
    claims = {
        "sub": str(user_id),
        "org": org_id,
        "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": secrets.token_urlsafe(16),
    }
    return SessionTokens(
        access_token=jwt.encode(claims, policy.key),
        refresh_token=new_token(REFRESH_PREFIX),
        access_expires_at=expires,
        refresh_expires_at=expires + policy.refresh_grace,
        org_id=org_id,
        user_id=user_id,
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
    tokens = _mint(policy, org_id=user.org_id, user_id=user.id, now=now, lifetime=lifetime)
    async with hub.writing(user.org_id) as s:
        await login_limits.forgive(s.conn, keys)
        # Sessions nobody can renew any more go when their user logs in again.
        await s.execute(
            "DELETE FROM user_sessions WHERE org_id = :org AND user_id = :user"
            " AND (refresh_expires_at <= :now OR revoked_at IS NOT NULL)",
            user=user.id,
            now=now,
        )
        await s.execute(
            "INSERT INTO user_sessions (org_id, user_id, access_hash, refresh_hash,"
            " access_expires_at, refresh_expires_at, created_at)"
            " VALUES (:org, :user, :access, :refresh, :access_expires, :refresh_expires, :now)",
            user=user.id,
            access=token_hash(tokens.access_token),
            refresh=token_hash(tokens.refresh_token),
            access_expires=tokens.access_expires_at,
            refresh_expires=tokens.refresh_expires_at,
            now=now,
        )
    return tokens


async def _session_by(hub: Hub, column: str, secret: str) -> Row | None:
    async with hub.db.read() as conn:
        # Unscoped by design: the token is what names the organization.
        return await conn.fetch_one(
            f"SELECT {_SESSION_COLUMNS} FROM user_sessions s JOIN users u ON u.id = s.user_id"
            f" WHERE s.{column} = :hash",
            {"hash": token_hash(secret)},
        )


def _live(row: Row | None) -> bool:
    return row is not None and row["revoked_at"] is None and bool(row["account_enabled"])


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
    """New tokens for the session of ``refresh_token``; the session's old tokens stop working.
    A refresh token works once: of two refreshes racing with it, one gets ``Unauthorized``."""
    lifetime = token_lifetime(ttl_seconds, policy)
    row = await _session_by(hub, "refresh_hash", refresh_token) if refresh_token else None
    now = hub.env.clock()
    if row is None or not _live(row) or row["refresh_expires_at"] <= now:
        raise Unauthorized("the refresh token is unknown or expired", code="refresh_invalid")
    tokens = _mint(policy, org_id=row["org_id"], user_id=row["user_id"], now=now, lifetime=lifetime)
    async with hub.writing(row["org_id"]) as s:
        changed = await s.execute(
            "UPDATE user_sessions SET access_hash = :access, refresh_hash = :refresh,"
            " access_expires_at = :access_expires, refresh_expires_at = :refresh_expires"
            " WHERE org_id = :org AND id = :id AND refresh_hash = :old AND revoked_at IS NULL",
            id=row["id"],
            old=token_hash(refresh_token),
            access=token_hash(tokens.access_token),
            refresh=token_hash(tokens.refresh_token),
            access_expires=tokens.access_expires_at,
            refresh_expires=tokens.refresh_expires_at,
        )
        if changed == 0:
            raise Unauthorized("the refresh token was already used", code="refresh_invalid")
    return tokens


async def revoke(hub: Hub, access_token: str) -> bool:
    """End the session of an access token (log out); answers whether there was one."""
    row = await _session_by(hub, "access_hash", access_token)
    if row is None:
        return False
    async with hub.writing(row["org_id"]) as s:
        changed = await s.execute(
            "UPDATE user_sessions SET revoked_at = :now"
            " WHERE org_id = :org AND id = :id AND revoked_at IS NULL",
            id=row["id"],
            now=s.now(),
        )
    return changed > 0
