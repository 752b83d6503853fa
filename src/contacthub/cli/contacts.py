"""``contacthub contact``: what the operator does to one contact (today: erase it)."""

from __future__ import annotations

from typing import Annotated

import typer

from contacthub.cli.runtime import console, print_json, run_with_hub
from contacthub.core import organizations
from contacthub.core.contacts import erase
from contacthub.core.scope import Hub

app = typer.Typer(help="One contact of an organization.", no_args_is_help=True)


@app.command("erase")
def erase_command(
    ref: Annotated[str, typer.Argument(help="The contact's id or UUID")],
    org: Annotated[int, typer.Option("--org", help="Organization id")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Erase a contact for good (a person's request): its personal data, phones, field values,
    list numbers and event bodies go; a tombstone and one contact.erased event stay."""

    async def work(hub: Hub) -> int:
        await organizations.require_organization(hub, org)
        return await erase.erase(hub, org, int(ref) if ref.isdigit() else ref)

    contact_id = run_with_hub(work)
    if as_json:
        print_json({"erased": contact_id})
        return
    console.print(f"Contact [bold]{contact_id}[/] is erased.")
