"""Settings: the login-token secret is never a constant of the code."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from contacthub.config import Settings


def _settings(jwt_secret: str | None = None) -> Settings:
    return Settings(_env_file=None, jwt_secret=jwt_secret)  # type: ignore[call-arg,arg-type]


def test_a_configured_secret_is_the_signing_key() -> None:
    secret = "s" * 40
    assert _settings(jwt_secret=secret).signing_key() == secret.encode()


def test_without_a_secret_the_key_is_random_but_stable_in_a_process() -> None:
    key = _settings().signing_key()
    assert len(key) == 32
    assert _settings(jwt_secret="  ").signing_key() == key
    assert key != b"\0" * 32


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        _settings(jwt_secret="too short")


def test_the_secret_does_not_show_in_the_settings() -> None:
    assert "s" * 40 not in repr(_settings(jwt_secret="s" * 40))
