"""Database URLs as users write them, and the forms each library wants."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class DatabaseUrlError(ValueError):
    """The configured database URL cannot be used."""


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    dialect: str  # "sqlite" | "postgresql"
    raw: str
    sqlite_path: Path | None = None

    @property
    def sqlalchemy(self) -> str:
        """The URL for SQLAlchemy (Alembic): asyncpg for PostgreSQL, pysqlite for SQLite."""
        if self.sqlite_path is not None:
            return f"sqlite:///{self.sqlite_path}"
        return "postgresql+asyncpg://" + self.raw.split("://", 1)[1]

    @property
    def asyncpg(self) -> str:
        return "postgresql://" + self.raw.split("://", 1)[1]


def parse_database_url(url: str) -> DatabaseUrl:
    scheme = urlsplit(url).scheme.lower()
    if scheme.startswith("sqlite"):
        path = url.split("://", 1)[1]
        if path.startswith("/"):
            path = path[1:]  # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy reads
        if not path or path == ":memory:":
            raise DatabaseUrlError(
                "an in-memory SQLite database would vanish between connections; name a file"
            )
        return DatabaseUrl("sqlite", url, Path(path))
    if scheme in {"postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg"}:
        return DatabaseUrl("postgresql", url)
    raise DatabaseUrlError(
        f"unsupported database URL scheme {scheme!r}: use sqlite:///file.db or postgresql://..."
    )
