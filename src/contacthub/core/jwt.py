"""JSON Web Tokens (RFC 7519), HS256 only: the format of session access tokens.

    encode(claims, key) -> "<header>.<payload>.<signature>"   (base64url, no padding)
    decode(token, key)  -> claims, after checking the signature

Clients read a session's expiry from the ``exp`` claim, so the token must be a real JWT. The
server does not trust the claims alone: a session is also looked up by the token's hash
(core/sessions.py), so a revoked session stays revoked whatever its signature says. Only HS256 is
accepted, whatever the header claims, which closes the classic ``alg: none`` hole.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import msgspec

ALGORITHM = "HS256"
MIN_KEY_BYTES = 32  # RFC 7518 §3.2: an HS256 key must be at least as long as the hash
_HEADER = msgspec.json.encode({"alg": ALGORITHM, "typ": "JWT"})


class InvalidToken(Exception):
    """The text is not a JWT this key signed."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    if not text.isascii():
        raise InvalidToken("the token is not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("the token is not base64url") from None


def _signature(signing_input: bytes, key: bytes) -> bytes:
    return hmac.new(key, signing_input, hashlib.sha256).digest()


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"an HS256 key needs at least {MIN_KEY_BYTES} bytes")


def encode(claims: Mapping[str, Any], key: bytes) -> str:
    _check_key(key)
    signing_input = f"{_b64encode(_HEADER)}.{_b64encode(msgspec.json.encode(claims))}"
    signature = _signature(signing_input.encode("ascii"), key)
    return f"{signing_input}.{_b64encode(signature)}"


def decode(token: str, key: bytes) -> dict[str, Any]:
    """The claims of a token signed with ``key``; ``InvalidToken`` for anything else."""
    _check_key(key)
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("a JWT has three parts")
    header_part, payload_part, signature_part = parts
    expected = _signature(f"{header_part}.{payload_part}".encode("ascii", "replace"), key)
    # Compared before anything is parsed: a forged token learns nothing from our parser.
    if not hmac.compare_digest(expected, _b64decode(signature_part)):
        raise InvalidToken("the signature does not match")
    try:
        header = msgspec.json.decode(_b64decode(header_part))
        claims = msgspec.json.decode(_b64decode(payload_part))
    except msgspec.DecodeError:
        raise InvalidToken("the token is not JSON") from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise InvalidToken(f"only {ALGORITHM} tokens are accepted")
    if not isinstance(claims, dict):
        raise InvalidToken("the claims are not a JSON object")
    return claims
