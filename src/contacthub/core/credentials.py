"""Secrets at rest: API tokens and session tokens as SHA-256, passwords as argon2id.

A token is 256 random bits, so a fast hash is enough (nobody brute-forces 2^256) and lookup by
hash is one index probe. A password is chosen by a person, so it gets argon2id, which is slow on
purpose; hashing runs in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# A hash of a random password, verified when the e-mail is unknown, so that a login for an
# unknown account takes as long as one with a wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with ``stored_hash=None`` it spends the same time and answers False."""
    if stored_hash is None:
        await asyncio.to_thread(_verify, _DUMMY_HASH, password)
        return False
    return await asyncio.to_thread(_verify, stored_hash, password)
