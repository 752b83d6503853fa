"""Settings from the environment (prefix ``CONTACTHUB_``) or a ``.env`` file.

Nothing here is built at import time: ``Settings()`` is called by the CLI or by whoever builds
the app, so tests can construct their own without touching the process environment.
"""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    postgres_pool_size: int = Field(default=10, ge=1)
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)
    plusofon_client_codes: list[str] = Field(default_factory=lambda: ["10553"])
    twin_token_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    login_attempts_per_minute: int = Field(default=10, ge=1)
    log_level: str = "INFO"
    access_log: bool = Field(default=False, description="Log every request (JSON lines)")

    @field_validator("default_region")
    @classmethod
    def _upper_region(cls, value: str) -> str:
        return value.upper()
