"""What every command shares: settings, a connected Hub, one-line errors, JSON output."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import msgspec
from pydantic import ValidationError
from rich.console import Console

from contacthub.config import Settings
from contacthub.core.scope import Env, Hub
from contacthub.db.factory import database_for
from contacthub.db.urls import DatabaseUrlError
from contacthub.errors import HubError

T = TypeVar("T")

console = Console()
errors = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """A user error: one clear line on stderr, exit status 1, no traceback."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    raise SystemExit(1)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        fail(f"bad setting CONTACTHUB_{where.upper()}: {problem['msg']}")


def run_with_hub(work: Callable[[Hub], Awaitable[T]], settings: Settings | None = None) -> T:
    """Connect, run ``work(hub)``, disconnect; domain and database errors become one line."""
    chosen = settings or load_settings()

    async def main() -> T:
        try:
            hub = Hub(database_for(chosen), Env(region=chosen.default_region))
        except DatabaseUrlError as error:
            fail(str(error))
        await hub.db.connect()
        try:
            return await work(hub)
        finally:
            await hub.db.close()

    try:
        return asyncio.run(main())
    except HubError as error:
        fail(error.message + _field_errors(error))


def _field_errors(error: HubError) -> str:
    fields: dict[str, list[str]] = getattr(error, "fields", {})
    shown = "; ".join(f"{name}: {', '.join(messages)}" for name, messages in fields.items())
    return f" ({shown})" if shown and shown not in error.message else ""


def print_json(value: Any) -> None:
    """Exactly one JSON document on stdout, for scripts."""
    sys.stdout.write(json.dumps(msgspec.to_builtins(value), ensure_ascii=False) + "\n")
