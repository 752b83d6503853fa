"""``contacthub db``: the schema."""

from __future__ import annotations

import typer

from contacthub.cli.runtime import console, fail, load_settings
from contacthub.db.migrate import upgrade
from contacthub.db.urls import DatabaseUrlError

app = typer.Typer(help="Database schema.", no_args_is_help=True)


def migrate_or_fail(database_url: str) -> None:
    try:
        upgrade(database_url)
    except DatabaseUrlError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot reach the database: {error}")


@app.command("upgrade")
def upgrade_command() -> None:
    """Apply every migration the database does not have yet."""
    settings = load_settings()
    migrate_or_fail(settings.database_url)
    console.print("[green]The database schema is up to date.[/]")
