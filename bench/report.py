"""The results as a table, with the ratios the targets are stated in."""

from __future__ import annotations

import statistics
from typing import Any


def _ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}x" if reference else "-"


def _costs(r: dict[str, Any]) -> str:
    """Server CPU a request (and the kernel's share of it), client-core wake-ups a request."""
    cpu, share = r.get("server_cpu_us"), r.get("server_system_share")
    wake = r.get("client_wake_ups")
    shown = "-" if cpu is None else f"{cpu:.0f}" + ("" if share is None else f" ({share:.0%})")
    return f"{shown} | {'-' if wake is None else f'{wake:.2f}'}"


def _row(name: str, backend: str, r: dict[str, Any], json_rps: Any, bare_rps: Any) -> str:
    return (
        f"| {name} | {backend} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f}"
        f" | {_ratio(r['rps'], json_rps)} | {_ratio(r['rps'], bare_rps)} | {_costs(r)} |"
    )


def table(out: dict[str, Any]) -> str:
    """A Markdown table; ratios: to json-server and to bare Starlette (SQLite), to the bare
    asyncpg endpoint (PostgreSQL). Then the server's CPU a request, with the kernel's share,
    and the client core's wake-ups a request (bench/costs.py)."""
    compare = out.get("compare", {})
    json_rps = compare.get("json_server", {}).get("rps")
    bare_rps = compare.get("bare_starlette", {}).get("rps")
    lines = [
        "| scenario | server | req/s | p50 ms | p99 ms | x json-server | x bare"
        " | server CPU us/req (kernel) | client wake-ups/req |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    contacts = out["settings"]["contacts"]
    for _name, r in out.get("sqlite", {}).items():
        lines.append(
            _row(r["label"], f"contacthub SQLite, 1 worker, {contacts:,}", r, json_rps, bare_rps)
        )
    for _name, r in out.get("sqlite_small", {}).items():
        lines.append(_row(r["label"], "contacthub SQLite, 1 worker, 10,000", r, json_rps, bare_rps))
    for _name, r in compare.items():
        lines.append(_row(r["label"], "comparison", r, json_rps, bare_rps))
    pg = out.get("postgres", {})
    pg_bare = pg.get("bare_asyncpg", {}).get("rps")
    for _name, r in pg.items():
        if isinstance(r, dict) and "rps" in r:
            lines.append(_row(r["label"], "PostgreSQL, 2 workers", r, json_rps, pg_bare))
    reads = [r["rps"] for r in out.get("sqlite", {}).values() if r["kind"] == "read"]
    writes = {n: r["rps"] for n, r in out.get("sqlite", {}).items() if r["kind"] == "write"}
    if reads and writes:
        middle = statistics.median(reads)
        shown = ", ".join(f"{n} {v / middle:.2f}x" for n, v in writes.items())
        lines.append(f"\nwrites / median SQLite read ({middle:,.0f} req/s): {shown}")
    if "bulk" in out:
        imp, exp, put = out["bulk"]["import"], out["bulk"]["export"], out["bulk"]["plusofon_put"]
        lines.append(
            f"import: {imp['rows']:,} rows in {imp['seconds']} s = {imp['rows_per_second']:,}"
            f" rows/s, peak RSS {imp['peak_rss_mb']} MB; export: {exp['contacts']:,} in"
            f" {exp['seconds']} s, peak RSS {exp['peak_rss_mb']} MB;"
            f" Plusofon PUT {put['numbers']:,} numbers: median {put['seconds']} s"
        )
        floor = out["bulk"].get("import_floor")
        if floor:
            per_row = floor["insert_us"] + floor["commit_us"]
            lines.append(
                f"SQLite alone, same rows and schema (bench/import_floor.py): {per_row:.2f} us/row"
                f" = {1e6 / per_row:,.0f} rows/s at most; the last fifth"
                f" {floor['tail_insert_us'] + floor['tail_commit_us']:.2f} us/row"
            )
    machine = out["machine"]
    lines.append(
        f"machine: {machine['nproc']} x {machine['cpu']}, python {machine['python']},"
        f" load average at start {machine['load_average']}, at end"
        f" {machine.get('load_average_end')}; {out['date']}"
    )
    return "\n".join(lines)
