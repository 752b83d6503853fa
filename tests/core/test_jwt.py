"""core.jwt: HS256 tokens that the key signed, and nothing else."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from contacthub.core import jwt

KEY = b"k" * 32


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_token_round_trips_and_is_a_standard_jwt() -> None:
    token = jwt.encode({"sub": "7", "exp": 1_900_000_000}, KEY)
    header, payload, signature = token.split(".")
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {"alg": "HS256", "typ": "JWT"}
    # Any JWT library's HS256 check: HMAC-SHA256 over "header.payload" with the key.
    expected = hmac.new(KEY, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert signature == _b64(expected)
    assert jwt.decode(token, KEY) == {"sub": "7", "exp": 1_900_000_000}


def test_another_key_or_a_changed_payload_fails() -> None:
    token = jwt.encode({"sub": "7"}, KEY)
    with pytest.raises(jwt.InvalidToken):
        jwt.decode(token, b"x" * 32)
    header, _, signature = token.split(".")
    forged = f"{header}.{_b64(json.dumps({'sub': '1'}).encode())}.{signature}"
    with pytest.raises(jwt.InvalidToken):
        jwt.decode(forged, KEY)


def _signed(header: bytes, payload: bytes) -> str:
    signing_input = f"{_b64(header)}.{_b64(payload)}"
    signature = hmac.new(KEY, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "a.b",
        "a.b.c.d",
        "not.a.token",
        "ü.ü.ü",
        # alg "none" with an empty signature: the classic forgery
        _b64(b'{"alg":"none"}') + "." + _b64(b'{"sub":"1"}') + ".",
        # properly signed, but not what this server issues
        _signed(b'{"alg":"HS512"}', b'{"sub":"1"}'),
        _signed(b'{"alg":"HS256"}', b"[1, 2]"),
        _signed(b'{"alg":"HS256"}', b"{not json"),
    ],
)
def test_malformed_tokens_fail(token: str) -> None:
    with pytest.raises(jwt.InvalidToken):
        jwt.decode(token, KEY)


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        jwt.encode({}, b"short")
