"""The ``contacthub`` command line."""

from __future__ import annotations

import typer

from contacthub.cli import (
    contacts,
    db,
    demo,
    exports,
    imports,
    orgs,
    seed,
    serve,
    tokens,
    users,
    worker,
)

app = typer.Typer(
    help="One contact store that speaks the Watbot, Obzvonilka, TWIN and Plusofon APIs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
app.command("import")(imports.import_command)
app.command("export")(exports.export_command)
app.command("seed")(seed.seed_command)
app.command("worker")(worker.worker)
app.add_typer(db.app, name="db")
app.add_typer(orgs.app, name="org")
app.add_typer(users.app, name="user")
app.add_typer(tokens.app, name="token")
app.add_typer(contacts.app, name="contact")


def run() -> None:
    app()
