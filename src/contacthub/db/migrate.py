"""Bring a database's schema to the newest migration (Alembic), from code: no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from contacthub.db.database import Database
from contacthub.db.urls import parse_database_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    # Passed as an attribute, not an option: a password with "%" would break ConfigParser.
    config.attributes["database_url"] = parse_database_url(database_url)
    return config


def head_revision() -> str | None:
    """The newest migration this version of contacthub has."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


async def applied_revision(db: Database) -> str | None:
    """The migration the database is at (None before the first one)."""
    async with db.read() as conn:
        return await conn.fetch_value("SELECT version_num FROM alembic_version")  # type: ignore[no-any-return]


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision``. Blocking: call it before the event loop starts,
    or through ``asyncio.to_thread``."""
    command.upgrade(alembic_config(database_url), revision)
