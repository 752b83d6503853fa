"""Bulk work end to end: the CLI's import and export in subprocesses, Plusofon's 100k-number PUT.

Wall time and peak RSS come from ``wait4`` on the CLI process (interpreter start-up included).
"""

from __future__ import annotations

import json
import os
import statistics
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import import_export, plusofon_put
from bench.dataset import FIELD, csv_file
from bench.servers import contacthub


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "CONTACTHUB_DATABASE_URL": database_url,
        "CONTACTHUB_LOG_LEVEL": "WARNING",
    }


def import_and_export(rows: int, workdir: Path) -> dict[str, Any]:
    source = csv_file(rows)
    database = workdir / "bulk.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = _env(f"sqlite:///{database}")
    import_export.run(["db", "upgrade"], env)
    org = json.loads(import_export.run(["org", "create", "Bulk", "--json"], env)[2])["id"]
    seconds, rss, output = import_export.run(
        ["import", str(source), "--org", str(org), "--map", f"Город=field:{FIELD}", "--json"],
        env,
    )
    job = json.loads(output)["import"]
    if job["created"] != rows:
        raise SystemExit(f"the import created {job['created']} contacts, not {rows}")
    result: dict[str, Any] = {
        "import": {
            "rows": rows,
            "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds),
            "peak_rss_mb": rss,
        }
    }
    target = workdir / "export.csv"
    seconds, rss, output = import_export.run(
        ["export", "--org", str(org), "-o", str(target), "--json"], env
    )
    exported = json.loads(output)
    result["export"] = {
        "contacts": exported["contacts"],
        "seconds": round(seconds, 2),
        "rows_per_second": round(exported["contacts"] / seconds),
        "peak_rss_mb": rss,
        "megabytes": round(target.stat().st_size / 1e6),
    }
    target.unlink()
    return result


def plusofon_list_put(numbers: int, rounds: int, workdir: Path) -> dict[str, Any]:
    """PUT of a list of ``numbers`` numbers over HTTP, ``rounds`` times (alternating sets)."""
    database = workdir / "put.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    env = _env(url)
    import_export.run(["db", "upgrade"], env)
    token = json.loads(import_export.run(["org", "create", "Put", "--json"], env)[2])["api_token"]
    headers = {**plusofon_put.headers(token), "Content-Type": "application/json"}
    sets = [plusofon_put.numbers(numbers, 0), plusofon_put.numbers(numbers, 1)]
    timings = []
    with contacthub(url, name="contacthub-put") as server:
        created = _send(
            server.url + plusofon_put.LIST_URL,
            "POST",
            headers,
            plusofon_put.body("bench", ["79161111111"]),
        )
        list_id = int(created.headers["location"].rsplit("/", 1)[1])
        for r in range(rounds):
            payload = plusofon_put.body("bench", sets[r % 2])
            started = time.perf_counter()
            _send(f"{server.url}{plusofon_put.LIST_URL}/{list_id}", "PUT", headers, payload)
            timings.append(time.perf_counter() - started)
    return {
        "numbers": numbers,
        "seconds_runs": [round(t, 2) for t in timings],
        "seconds": round(statistics.median(timings), 2),
    }


def _send(url: str, method: str, headers: dict[str, str], payload: dict[str, Any]) -> Any:
    data = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    answer = urllib.request.urlopen(request, timeout=600)  # noqa: S310
    answer.read()
    return answer
