"""``contacthub export``: contacts to CSV, XLSX or JSON Lines, streamed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import msgspec
import typer

from contacthub.cli.gc_tuning import tune_gc
from contacthub.cli.progress import rows_progress
from contacthub.cli.runtime import console, fail, load_settings, print_json, run_with_hub
from contacthub.core import bases, organizations
from contacthub.core.bulk import lookups
from contacthub.core.bulk.exports import ExportFilter, export_shape, export_stream
from contacthub.core.bulk.sources import FileFormat, format_of
from contacthub.core.scope import Hub
from contacthub.core.seed import SeedDocument
from contacthub.core.seed_export import export_seed
from contacthub.errors import Invalid, NotFound


async def base_id_of(hub: Hub, org: int, ref: str) -> int:
    """A base given by id or by name."""
    async with hub.reading(org) as s:
        if ref.isdigit():
            return (await bases.get_base(s, int(ref))).id
        found = await lookups.bases_by_name(s, [ref.strip()])
    if ref.strip() not in found:
        raise NotFound(f"contact base {ref!r} does not exist")
    return found[ref.strip()]


def export_command(
    org: Annotated[int, typer.Option("--org", help="Organization id")],
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv, xlsx or jsonl (default: by -o, else csv); seed: the whole organization as"
            " a seed document (YAML when -o ends in .yaml/.yml, else JSON)",
        ),
    ] = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Only this base's contacts (id or name)")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only contacts with this tag (repeatable)")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The file to write (default: stdout)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary")] = False,
) -> None:
    """Export contacts with their phones, tags and custom fields as columns."""
    tune_gc()
    if file_format == "seed":
        if base is not None or tag:
            fail("--format seed exports the whole organization: leave out --base and --tag")
        export_seed_document(org, output)
        return
    if output is None and as_json:
        fail("--json needs -o FILE: the export itself goes to stdout otherwise")
    try:
        fmt: FileFormat = format_of(str(output or "export.csv"), file_format)
    except Invalid as error:
        fail(error.message)

    async def work(hub: Hub) -> dict[str, Any]:
        await organizations.require_organization(hub, org)
        where = ExportFilter(
            base_id=None if base is None else await base_id_of(hub, org, base),
            tags=tuple(tag or ()),
        )
        shape = await export_shape(hub, org, where)
        started = time.perf_counter()
        if output is None:
            async for chunk in export_stream(hub, org, fmt, where, shape=shape):
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return {}
        partial = output.with_name(output.name + ".part")
        written = 0
        try:
            with partial.open("wb") as out, rows_progress() as progress:
                task = progress.add_task("exporting", total=shape.total, visible=not as_json)

                def count(rows: int) -> None:
                    nonlocal written
                    written += rows
                    progress.update(task, completed=written)

                async for chunk in export_stream(hub, org, fmt, where, on_rows=count, shape=shape):
                    out.write(chunk)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        return {
            "file": str(output),
            "format": fmt,
            "contacts": written,
            "seconds": round(time.perf_counter() - started, 3),
        }

    # An export reads the whole file in order, which the page cache serves well; mapped, every
    # page it read would count in its RSS (and memory is an export's promise).
    settings = load_settings().model_copy(update={"sqlite_read_mmap_mb": 0})
    report = run_with_hub(work, settings)
    if output is None:
        return
    if as_json:
        print_json(report)
        return
    seconds = report["seconds"]
    console.print(
        f"Exported {report['contacts']:,} contacts to {report['file']} in {seconds:.1f} s",
        highlight=False,
    )


def export_seed_document(org: int, output: Path | None) -> None:
    """The organization as a seed document (contacthub.core.seed_export) on stdout or in a file."""

    async def work(hub: Hub) -> SeedDocument:
        await organizations.require_organization(hub, org)
        async with hub.reading(org) as s:
            return await export_seed(s)

    document = run_with_hub(work)
    as_yaml = output is not None and output.suffix.lower() in {".yaml", ".yml"}
    content = (
        msgspec.yaml.encode(document)
        if as_yaml
        else msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"
    )
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(content)
