"""What the journal keeps of a credential: that it was sent, never the credential."""

from __future__ import annotations

import pytest

from contacthub.control import redact

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBhcnQ"
TOKEN = "chk_" + "A1b2C3d4" * 5


@pytest.mark.parametrize(
    ("raw", "content_type", "secret"),
    [
        (b'{"user": {"password": "hunter22"}}', "application/json", "hunter22"),
        (b'{"p\\u0061ssword": "hunter22"}', "application/json", "hunter22"),
        (b'[{"api_token": "abc123xyz"}]', "application/json; charset=utf-8", "abc123xyz"),
        (b'{"note": "' + TOKEN.encode() + b'"}', "application/json", TOKEN),
        (b"api_token=abc123xyz&name=x", "application/x-www-form-urlencoded", "abc123xyz"),
        (b"%61pi_key=abc123xyz", "application/x-www-form-urlencoded", "abc123xyz"),
        (b"Bearer " + JWT.encode(), "text/plain", JWT),
        (b"not json {" + TOKEN.encode(), "application/json", TOKEN),
    ],
)
def test_bodies(raw: bytes, content_type: str, secret: str) -> None:
    kept = redact.body(raw, content_type, 10_000)
    assert secret not in kept
    assert "redacted" in kept  # [redacted], or %5Bredacted%5D in a form


def test_a_body_without_credentials_is_kept_as_sent() -> None:
    raw = '{"name": "Иван", "phones": ["+79161234567"]}'.encode()
    assert redact.body(raw, "application/json", 10_000) == raw.decode()


def test_multipart_and_cut() -> None:
    assert redact.body(b"x" * 10, "multipart/form-data; boundary=b", 5) == (
        "[multipart body, 10 bytes]"
    )
    assert redact.body(b"y" * 50, "text/plain", 10) == "y" * 10 + "...[cut: 50 characters in all]"


def test_headers_and_query() -> None:
    kept = redact.headers(
        [(b"Authorization", b"Bearer x"), (b"X-API-KEY", b"k"), (b"Client", b"10553")], 1000
    )
    assert kept == {"authorization": "[redacted]", "x-api-key": "[redacted]", "client": "10553"}
    assert redact.query("api_token=s3cret&count=5") == "api_token=%5Bredacted%5D&count=5"
    many = redact.headers([(b"h%d" % n, b"v" * 100) for n in range(100)], 1000)
    assert len(many) < 12
    assert many["..."] == "[more headers cut]"
