"""Users of an organization: the dialer lists them, the operator chat logs in with them.

E-mails are unique across all organizations (a login names no organization) and kept lower-cased.
Passwords are argon2id hashes; the clear text is never stored, returned or logged.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from msgspec import UNSET, UnsetType

from contacthub.core import session_families
from contacthub.core.credentials import hash_password, verify_password
from contacthub.core.principal import AdminAction
from contacthub.core.records import window
from contacthub.core.scope import Hub, Scope
from contacthub.core.validation import optional_email, optional_text
from contacthub.db.database import IntegrityViolation, Row
from contacthub.errors import Conflict, Invalid, NotFound

MIN_PASSWORD_LENGTH = 8
_COLUMNS = "id, org_id, email, name, is_admin, account_enabled, created_at"


class User(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    org_id: int
    email: str
    name: str
    is_admin: bool
    account_enabled: bool
    created_at: datetime


class UserDraft(msgspec.Struct, kw_only=True):
    """Fields to set; ``UNSET`` leaves a field as it is (on update)."""

    email: str | UnsetType = UNSET
    name: str | UnsetType | None = UNSET
    password: str | UnsetType = UNSET
    is_admin: bool | UnsetType = UNSET
    account_enabled: bool | UnsetType = UNSET


def _from_row(row: Row) -> User:
    return User(
        id=row["id"],
        org_id=row["org_id"],
        email=row["email"],
        name=row["name"],
        is_admin=bool(row["is_admin"]),
        account_enabled=bool(row["account_enabled"]),
        created_at=row["created_at"],
    )


def _clean_email(value: str) -> str:
    email = optional_email("email", value)
    if email is None:
        raise Invalid.field("email", "email is required")
    return email.lower()


def _check_password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise Invalid.field(
            "password", f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
        )
    if len(value) > 1024:
        raise Invalid.field("password", "the password is longer than 1024 characters")
    return value


async def hash_draft_password(draft: UserDraft) -> str | None:
    """Hash the draft's password, if any. Call it before opening the unit of work: argon2 takes
    tens of milliseconds, and a transaction should not be held open meanwhile."""
    if isinstance(draft.password, UnsetType):
        return None
    return await hash_password(_check_password(draft.password))


async def create_user(s: Scope, draft: UserDraft, password_hash: str) -> User:
    s.require(AdminAction.MANAGE_USERS)
    if isinstance(draft.email, UnsetType):
        raise Invalid.field("email", "email is required")
    email = _clean_email(draft.email)
    name = (
        ""
        if isinstance(draft.name, UnsetType)
        else optional_text("name", draft.name, max_length=255)
    )
    try:
        row = await s.fetch_one(
            "INSERT INTO users"
            " (org_id, email, name, password_hash, is_admin, account_enabled, created_at)"
            " VALUES (:org, :email, :name, :hash, :admin, :enabled, :now)"
            f" RETURNING {_COLUMNS}",
            email=email,
            name=name or "",
            hash=password_hash,
            admin=False if isinstance(draft.is_admin, UnsetType) else draft.is_admin,
            enabled=True if isinstance(draft.account_enabled, UnsetType) else draft.account_enabled,
            now=s.now(),
        )
    except IntegrityViolation:
        raise Conflict(f"a user with e-mail {email!r} already exists", code="email_taken") from None
    assert row is not None
    return _from_row(row)


async def get_user(s: Scope, user_id: int) -> User:
    row = await s.fetch_one(
        f"SELECT {_COLUMNS} FROM users WHERE org_id = :org AND id = :id", id=user_id
    )
    if row is None:
        raise NotFound(f"user {user_id} does not exist")
    return _from_row(row)


async def list_users(s: Scope, *, after: int = 0, limit: int | None = None) -> list[User]:
    rows = await s.fetch_all(
        f"SELECT {_COLUMNS} FROM users WHERE org_id = :org AND id > :after"
        " ORDER BY id LIMIT :limit",
        **window(after, limit),
    )
    return [_from_row(row) for row in rows]


def _own_profile(s: Scope, user_id: int, draft: UserDraft) -> bool:
    """A member may change their own name and password, nothing else of anyone's."""
    return (
        s.principal is not None
        and s.principal.user_id == user_id
        and isinstance(draft.email, UnsetType)
        and isinstance(draft.is_admin, UnsetType)
        and isinstance(draft.account_enabled, UnsetType)
    )


async def update_user(
    s: Scope, user_id: int, draft: UserDraft, password_hash: str | None = None
) -> User:
    if not _own_profile(s, user_id, draft):
        s.require(AdminAction.MANAGE_USERS)
    await get_user(s, user_id)
    changes: dict[str, object] = {}
    if not isinstance(draft.email, UnsetType):
        changes["email"] = _clean_email(draft.email)
    if not isinstance(draft.name, UnsetType):
        changes["name"] = optional_text("name", draft.name, max_length=255) or ""
    if not isinstance(draft.is_admin, UnsetType):
        changes["is_admin"] = draft.is_admin
    if not isinstance(draft.account_enabled, UnsetType):
        changes["account_enabled"] = draft.account_enabled
    if password_hash is not None:
        changes["password_hash"] = password_hash
    if changes:
        assignments = ", ".join(f"{column} = :{column}" for column in changes)
        try:
            await s.execute(
                f"UPDATE users SET {assignments} WHERE org_id = :org AND id = :id",
                id=user_id,
                **changes,
            )
        except IntegrityViolation:
            raise Conflict(
                f"a user with e-mail {changes.get('email')!r} already exists", code="email_taken"
            ) from None
    if password_hash is not None:
        # Whoever knew the old password may hold a login of it: a new password ends them all.
        await session_families.end_user_sessions(s, user_id, "password")
    if draft.account_enabled is False:
        # A disabled account's logins end for good: turning it on again does not bring back a
        # session someone else may hold (the reason an account is often turned off).
        await session_families.end_user_sessions(s, user_id, "disabled")
    return await get_user(s, user_id)


async def delete_user(s: Scope, user_id: int) -> None:
    s.require(AdminAction.MANAGE_USERS)
    if await s.execute("DELETE FROM users WHERE org_id = :org AND id = :id", id=user_id) == 0:
        raise NotFound(f"user {user_id} does not exist")


async def check_login(
    hub: Hub, email: str, password: str, *, org_id: int | None = None
) -> User | None:
    """The enabled user with this e-mail and password, or ``None``.

    An e-mail may have an account in several organizations: ``org_id`` names one, and without it
    the e-mail's oldest account is the one checked. Exactly one password hash is verified either
    way (a dummy one when there is no such account), so the time taken tells nobody whether, or
    in how many organizations, the address has an account.
    """
    address = email.strip().lower()
    row = None
    # No account's e-mail has a NUL (validation.no_nul), and PostgreSQL refuses one in a query
    # (a 422 there, a wrong password on SQLite): it finds no account on either.
    if "\x00" not in address:
        async with hub.db.read() as conn:
            # Unscoped by design: a login names no organization, the e-mail finds its accounts.
            row = await conn.fetch_one(
                f"SELECT {_COLUMNS}, password_hash FROM users WHERE email = :email"
                + ("" if org_id is None else " AND org_id = :org")
                + " ORDER BY id LIMIT 1",
                {"email": address, "org": org_id},
            )
    # Verified after the read ends: argon2 must not hold the connection.
    stored = None if row is None else row["password_hash"]
    if not await verify_password(stored, password) or row is None:
        return None
    user = _from_row(row)
    return user if user.account_enabled else None
