"""Settings from the environment (prefix ``CONTACTHUB_``) or a ``.env`` file.

Nothing here is built at import time: ``Settings()`` is called by the CLI or by whoever builds
the app, so tests can construct their own without touching the process environment.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import secrets
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# How log lines are written (contacthub.server.log_format): plain at a terminal, JSON otherwise.
LogFormat = Literal["auto", "json", "plain"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONTACTHUB_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///contacthub.db",
        description="sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname",
    )
    default_region: str = Field(
        default="RU",
        description="Region for numbers written without a country code (ISO 3166 alpha-2)",
    )
    max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    max_request_line_bytes: int = Field(
        default=16 * 1024,
        ge=1024,
        description="Longest request line, and longest header line, before 414 / 431",
    )
    max_header_bytes: int = Field(
        default=64 * 1024, ge=4096, description="Largest request head (line + headers) before 431"
    )
    header_timeout_s: float = Field(
        default=20, gt=0, description="Time for a request's head to arrive before 408"
    )
    postgres_pool_size: int = Field(default=10, ge=1)
    postgres_connect_timeout_s: float = Field(
        default=10, gt=0, description="Wait for a new PostgreSQL connection before answering 503"
    )
    postgres_command_timeout_s: float = Field(
        default=60, gt=0, description="Wait for one PostgreSQL statement before answering 503"
    )
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)
    sqlite_read_mmap_mb: int = Field(
        default=1024,
        ge=0,
        description="How much of the database file the read connection maps into memory (0: none)",
    )
    plusofon_client_codes: list[str] = Field(default_factory=lambda: ["10553"])
    twin_token_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    refresh_reuse_grace_seconds: int = Field(
        default=30,
        ge=0,
        le=600,
        description=(
            "How long a used refresh token still answers the tokens it was renewed with (workers"
            " sharing one token pair renew it together); used later, it ends its login"
        ),
    )
    events_retention_days: int = Field(
        default=90,
        ge=1,
        le=36_500,
        description="How long the change feed keeps an event (older ones are purged by the server)",
    )
    restore_days: int = Field(
        default=30,
        ge=1,
        le=36_500,
        description="How long a deleted contact can be restored; the server purges it after",
    )
    webhook_allow_private: bool = Field(
        default=False,
        description="Let webhooks point at private and loopback addresses (tests, self-hosted)",
    )
    webhook_delivery_in_server: bool = Field(
        default=True,
        description="Deliver webhooks from the server processes; false: run `contacthub worker`",
    )
    webhook_timeout_s: float = Field(
        default=10, gt=0, le=120, description="How long a webhook receiver has to answer"
    )
    login_attempts_per_minute: int = Field(
        default=10, ge=1, description="Failed logins a minute of one account from one address"
    )
    login_attempts_ceiling_per_minute: int = Field(
        default=100,
        ge=1,
        description="Failed logins a minute from one address (any accounts) or to one account"
        " (any addresses)",
    )
    jwt_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs login tokens (HS256), at least 32 characters. Unset: a random key"
            " per process, so logins end when the server restarts (`contacthub serve` shares"
            " one key among its workers)"
        ),
    )
    public_url: str | None = Field(
        default=None,
        description=(
            "The URL clients reach contacthub at (https://contacts.example.com): absolute URLs in"
            " answers (Location, Watbot page links) are built from it, never from the request"
        ),
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1"],
        description=(
            "Without public_url: the Host header names that absolute URLs may be built from"
            " (comma-separated; *.example.com, or * for any); another Host gets the server's"
            " own address"
        ),
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Addresses or networks (comma-separated) whose X-Forwarded-Proto/-Host are believed"
        ),
    )
    admin_token: SecretStr | None = Field(
        default=None,
        description=(
            "Bearer token of the control API at /_contacthub/ (organizations, seed, request"
            " journal, faults, limits: for integrators' test suites), at least 32 characters."
            " Unset: every /_contacthub/ path answers 404"
        ),
    )
    log_level: str = "INFO"
    log_format: LogFormat = Field(
        default="auto",
        description="Logs as plain lines (plain), JSON lines (json), or plain on a terminal and"
        " JSON otherwise (auto)",
    )
    access_log: bool = Field(default=False, description="Log every request (JSON lines)")

    @field_validator("default_region")
    @classmethod
    def _upper_region(cls, value: str) -> str:
        return value.upper()

    @field_validator("allowed_hosts", "trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for proxy in value:
            ipaddress.ip_network(proxy, strict=False)  # ValueError names the bad one
        return value

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the public URL must be http(s)://host[:port][/path]")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("the public URL has no query, fragment or credentials")
        return value.strip()

    @field_validator("jwt_secret", "admin_token", mode="before")
    @classmethod
    def _blank_secret_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("jwt_secret", "admin_token")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ValueError(f"the secret must have at least {MIN_SECRET_LENGTH} characters")
        return value

    def signing_key(self) -> bytes:
        """The key for login tokens: the configured secret, else this process's random key."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value().encode()
        return _process_key()


MIN_SECRET_LENGTH = 32


@functools.cache
def _process_key() -> bytes:
    # Never a constant of the code: a key everyone can read would let anyone sign tokens.
    return secrets.token_bytes(32)
