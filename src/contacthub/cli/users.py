"""``contacthub user``: people who log in (TWIN) and whom the dialer lists."""

from __future__ import annotations

from typing import Annotated

import typer

from contacthub.cli.runtime import console, print_json, run_with_hub
from contacthub.core import organizations, users
from contacthub.core.scope import Hub

app = typer.Typer(help="Users of an organization.", no_args_is_help=True)


@app.command("create")
def create(
    org: Annotated[int, typer.Option("--org", help="Organization id")],
    email: Annotated[str, typer.Option("--email", help="Login e-mail (unique)")],
    password: Annotated[
        str, typer.Option("--password", prompt=True, hide_input=True, help="At least 8 characters")
    ],
    name: Annotated[str | None, typer.Option("--name", help="Full name")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an administrator")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Create a user; the password is stored only as an argon2 hash."""
    draft = users.UserDraft(email=email, name=name, password=password, is_admin=admin)

    async def work(hub: Hub) -> users.User:
        await organizations.require_organization(hub, org)
        password_hash = await users.hash_draft_password(draft)
        assert password_hash is not None
        async with hub.writing(org) as s:
            return await users.create_user(s, draft, password_hash)

    user = run_with_hub(work)
    if as_json:
        print_json(user)
        return
    console.print(f"User [bold]{user.email}[/] created with id [bold]{user.id}[/].")
