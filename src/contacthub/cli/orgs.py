"""``contacthub org``: organizations (tenants)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from contacthub.cli.runtime import console, print_json, run_with_hub
from contacthub.core import organizations
from contacthub.core.scope import Hub

app = typer.Typer(help="Organizations (tenants).", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="The organization's name")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Create an organization and its first API token."""

    async def work(hub: Hub) -> organizations.NewOrganization:
        return await organizations.create_organization(hub, name)

    new = run_with_hub(work)
    org = new.organization
    if as_json:
        print_json(
            {
                "id": org.id,
                "name": org.name,
                "created_at": org.created_at,
                "api_token": new.token.secret,
                "api_token_id": new.token.token.id,
            }
        )
        return
    console.print(f"Organization [bold]{org.name}[/] created with id [bold]{org.id}[/].")
    console.print("API token (shown once, keep it safe):")
    console.print(new.token.secret, style="bold yellow", highlight=False, soft_wrap=True)


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON array")] = False,
) -> None:
    """List organizations."""

    async def work(hub: Hub) -> list[organizations.Organization]:
        return await organizations.list_organizations(hub)

    found = run_with_hub(work)
    if as_json:
        print_json(found)
        return
    table = Table("id", "name", "created")
    for org in found:
        table.add_row(str(org.id), org.name, org.created_at.isoformat(timespec="seconds"))
    console.print(table)
