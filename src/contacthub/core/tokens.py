"""API tokens: one token works for every dialect of its organization.

The secret (``chk_`` + 43 url-safe characters) is shown once, at creation; the database keeps
its SHA-256 and its first characters. ``authenticate`` is the one lookup not bound to an
organization: the token is what tells which organization is calling.

Every request authenticates, so a process remembers what it found for a token for
``PRINCIPAL_TTL`` (one second, by its own monotonic clock): a hot read then costs no token query
(measured: 6.3k -> 7.4k req/s for GET contact on SQLite, see bench/RESULTS.md). Revocation in the
same process takes effect at once (``revoke_token`` empties every cache of the process); a token
revoked by another process (another server worker, the CLI) is refused within that second (and
so is one revoked here while a request was checking it on PostgreSQL). Only
an answer that needs no write is remembered: ``last_used_at`` is still checked on every request
against the store's clock, and a due update goes to the database as before.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import msgspec

from contacthub.core.credentials import new_token, token_hash
from contacthub.core.principal import AdminAction, Principal
from contacthub.core.records import window
from contacthub.core.scope import Hub, Scope
from contacthub.core.validation import optional_text
from contacthub.db.database import Row
from contacthub.errors import NotFound, Unauthorized

TOKEN_PREFIX = "chk_"  # noqa: S105 (a prefix, not a secret)
# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)

_COLUMNS = "id, label, prefix, created_at, last_used_at, revoked_at"
PRINCIPAL_TTL = 1.0  # seconds
_CACHE_LIMIT = 10_000
# Bumped by every revocation in this process: entries remembered before it are not trusted.
_revocations = itertools.count()
_generation = 0


@dataclass(slots=True)
class _Known:
    principal: Principal
    last_used: datetime
    expires: float  # time.monotonic()
    generation: int


def _revoked_here() -> None:
    global _generation
    _generation = next(_revocations) + 1


def forget_remembered() -> None:
    """Empty this process's token caches (an organization was deleted: its tokens are gone)."""
    _revoked_here()


class ApiToken(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewToken(msgspec.Struct, frozen=True, kw_only=True):
    token: ApiToken
    secret: str


def _from_row(row: Row) -> ApiToken:
    return ApiToken(
        id=row["id"],
        label=row["label"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


async def create_token(s: Scope, *, label: str | None = None) -> NewToken:
    s.require(AdminAction.MANAGE_TOKENS)
    secret = new_token(TOKEN_PREFIX)
    row = await s.fetch_one(
        "INSERT INTO api_tokens (org_id, label, secret_hash, prefix, created_at)"
        f" VALUES (:org, :label, :hash, :prefix, :now) RETURNING {_COLUMNS}",
        label=optional_text("label", label, max_length=255) or "",
        hash=token_hash(secret),
        prefix=secret[:12],
        now=s.now(),
    )
    assert row is not None
    return NewToken(token=_from_row(row), secret=secret)


async def list_tokens(s: Scope, *, after: int = 0, limit: int | None = None) -> list[ApiToken]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM api_tokens WHERE org_id = :org AND id > :after"
        " ORDER BY id LIMIT :limit",
        **window(after, limit),
    )
    return [_from_row(row) for row in rows]


async def get_token(s: Scope, token_id: int) -> ApiToken:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM api_tokens WHERE org_id = :org AND id = :id", id=token_id
    )
    if row is None:
        raise NotFound(f"API token {token_id} does not exist")
    return _from_row(row)


async def revoke_token(s: Scope, token_id: int) -> ApiToken:
    """Revoke a token; revoking a revoked token is a no-op that answers the same token."""
    s.require(AdminAction.MANAGE_TOKENS)
    _revoked_here()
    await s.execute(
        "UPDATE api_tokens SET revoked_at = :now"
        " WHERE org_id = :org AND id = :id AND revoked_at IS NULL",
        id=token_id,
        now=s.now(),
    )
    return await get_token(s, token_id)


def _remembered(hub: Hub, digest: str, now: datetime) -> Principal | None:
    """The principal found for this token less than a TTL ago, if it needs no write now."""
    known = hub.principals.get(digest)
    if (
        known is not None
        and known.generation == _generation
        and time.monotonic() < known.expires
        and now - known.last_used < LAST_USED_RESOLUTION
    ):
        return known.principal  # type: ignore[no-any-return]
    return None


async def authenticate(hub: Hub, secret: str | None) -> Principal:
    """The organization behind an API token, or ``Unauthorized``."""
    if not secret:
        raise Unauthorized("an API token is required")
    digest = token_hash(secret)
    now = hub.env.clock()
    remembered = _remembered(hub, digest, now)
    if remembered is not None:
        return remembered
    if len(hub.principals) >= _CACHE_LIMIT:
        hub.principals.clear()
    generation = _generation
    async with hub.db.read() as conn:
        # Unscoped by design: the token is what names the organization.
        row = await conn.fetch_one(
            "SELECT id, org_id, last_used_at, revoked_at FROM api_tokens WHERE secret_hash = :hash",
            {"hash": digest},
        )
    if row is None or row["revoked_at"] is not None:
        hub.principals.pop(digest, None)
        raise Unauthorized("the API token is unknown or revoked")
    last_used = row["last_used_at"]
    if last_used is None or now - last_used >= LAST_USED_RESOLUTION:
        async with hub.writing(row["org_id"]) as s:
            await s.execute(
                "UPDATE api_tokens SET last_used_at = :now WHERE org_id = :org AND id = :id",
                id=row["id"],
                now=now,
            )
        last_used = now
    principal = Principal(org_id=row["org_id"], token_id=row["id"], admin=True)
    hub.principals[digest] = _Known(
        principal, last_used, time.monotonic() + PRINCIPAL_TTL, generation
    )
    return principal
