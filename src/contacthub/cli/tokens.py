"""``contacthub token``: API tokens."""

from __future__ import annotations

from typing import Annotated

import msgspec
import typer
from rich.table import Table

from contacthub.cli.runtime import console, print_json, run_with_hub
from contacthub.core import organizations, tokens
from contacthub.core.scope import Hub

app = typer.Typer(help="API tokens of an organization.", no_args_is_help=True)

OrgOption = Annotated[int, typer.Option("--org", help="Organization id")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON")]


@app.command("create")
def create(
    org: OrgOption,
    label: Annotated[str | None, typer.Option("--label", help="What the token is for")] = None,
    as_json: JsonOption = False,
) -> None:
    """Create an API token; its secret is printed once and never again."""

    async def work(hub: Hub) -> tokens.NewToken:
        await organizations.require_organization(hub, org)
        async with hub.writing(org) as s:
            return await tokens.create_token(s, label=label)

    new = run_with_hub(work)
    if as_json:
        print_json({**msgspec.to_builtins(new.token), "api_token": new.secret})
        return
    console.print(f"Token [bold]{new.token.id}[/] created (shown once, keep it safe):")
    console.print(new.secret, style="bold yellow", highlight=False, soft_wrap=True)


@app.command("list")
def list_command(org: OrgOption, as_json: JsonOption = False) -> None:
    """List an organization's tokens (never their secrets)."""

    async def work(hub: Hub) -> list[tokens.ApiToken]:
        await organizations.require_organization(hub, org)
        async with hub.reading(org) as s:
            return await tokens.list_tokens(s)

    found = run_with_hub(work)
    if as_json:
        print_json(found)
        return
    table = Table("id", "label", "prefix", "created", "last used", "revoked")
    for token in found:
        table.add_row(
            str(token.id),
            token.label,
            token.prefix + "…",
            token.created_at.isoformat(timespec="seconds"),
            token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "",
            token.revoked_at.isoformat(timespec="seconds") if token.revoked_at else "",
        )
    console.print(table)


@app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (see `token list`)")],
    org: OrgOption,
    as_json: JsonOption = False,
) -> None:
    """Revoke a token: every API refuses it from now on."""

    async def work(hub: Hub) -> tokens.ApiToken:
        async with hub.writing(org) as s:
            return await tokens.revoke_token(s, token_id)

    token = run_with_hub(work)
    if as_json:
        print_json(token)
        return
    console.print(f"Token [bold]{token.id}[/] is revoked.")
