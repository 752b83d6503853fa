"""``contacthub seed FILE --org ID``: load a seed document (contacthub.core.seed) into an
organization, the same document ``POST /_contacthub/orgs/{id}/seed`` takes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contacthub.cli.runtime import console, fail, print_json, run_with_hub
from contacthub.core import organizations, seed
from contacthub.core.scope import Hub
from contacthub.errors import Invalid

YAML_SUFFIXES = frozenset({".yaml", ".yml"})


def seed_command(
    file: Annotated[Path, typer.Argument(help="The seed document: JSON, or YAML (.yaml, .yml)")],
    org: Annotated[int, typer.Option("--org", help="The organization's id")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Load a seed document (bots, bases, fields, tags, contacts, lists, users) into an
    organization, all of it or nothing."""
    try:
        content = file.read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    try:
        document = seed.decode(content, yaml=file.suffix.lower() in YAML_SUFFIXES)
    except Invalid as error:
        fail(error.message)

    async def work(hub: Hub) -> seed.Seeded:
        await organizations.require_organization(hub, org)
        hashes = await seed.hash_passwords(document)
        async with hub.writing(org) as s:
            return await seed.apply(s, document, hashes)

    seeded = run_with_hub(work)
    if as_json:
        print_json(seeded)
        return
    counts = ", ".join(f"{getattr(seeded, kind)} {kind}" for kind in seeded.__struct_fields__)
    console.print(f"Seeded organization {org}: {counts}.")
