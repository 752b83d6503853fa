"""Bulk import and export, end to end through the CLI: ``python -m bench.import_export``.

    1. write a CSV of ROWS contacts (name, phone, e-mail, a city as a custom field), once
    2. a fresh SQLite file, migrated, one organization
    3. ``contacthub import`` in a subprocess: wall time, rows/s, peak RSS (wait4's ru_maxrss)
    4. ``contacthub export`` of everything to CSV in a subprocess: wall time, peak RSS

Phones are unique 9xx mobiles in several written forms, so dedupe (by phone, the default) looks
every row up and finds nothing, as for a new base. Targets: >= 100,000 rows/s and < 300 MB for
the import, < 20 s for the export. Results go to stdout; bench/RESULTS.md keeps measured ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CITIES = ["Москва", "Казань", "Тверь", "Новосибирск", "Екатеринбург", "Самара", ""]
NAMES = ["Иван", "Пётр", "Анна", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена"]
SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Лебедев"]


def _phone(i: int, rng: random.Random) -> str:
    # A permutation of 0..10^9-1 (the multiplier is prime to 10): every number is different.
    n = f"9{(i * 7_919_333 + 12_345) % 1_000_000_000:09d}"
    form = rng.randrange(4)
    if form == 0:
        return f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
    if form == 1:
        return "8" + n
    if form == 2:
        return "7" + n
    return f"8 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(42)  # noqa: S311 (test data, reproducible)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ФИО", "Телефон", "Email", "Город"])
        for i in range(rows):
            name = f"{rng.choice(SURNAMES)} {rng.choice(NAMES)} {i}"
            email = f"user{i}@example.com" if i % 3 == 0 else ""
            writer.writerow([name, _phone(i, rng), email, rng.choice(CITIES)])


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run the CLI; answers wall seconds, peak RSS in MB and stdout.

    The peak is the child's own VmHWM, read from /proc while it runs: wait4's ru_maxrss would
    also count the pages of this (parent) process that the child had before its exec."""
    started = time.perf_counter()
    peak = 0
    with tempfile.TemporaryFile() as captured:
        child = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "contacthub", *args], env=env, stdout=captured
        )
        status_file = Path(f"/proc/{child.pid}/status")
        while child.poll() is None:
            peak = max(peak, _high_water_kb(status_file))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        captured.seek(0)
        output = captured.read().decode()
    if child.returncode != 0:
        raise SystemExit(f"contacthub {args[0]} failed ({child.returncode}): {output}")
    return seconds, peak // 1024, output


def _high_water_kb(status_file: Path) -> int:
    try:
        for line in status_file.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "contacthub-bench"
    )
    parser.add_argument("--batch-size", type=int, default=None)
    options = parser.parse_args()
    options.dir.mkdir(parents=True, exist_ok=True)
    source = options.dir / f"contacts-{options.rows}.csv"
    if not source.exists():
        started = time.perf_counter()
        write_csv(source, options.rows)
        print(
            f"wrote {source} ({source.stat().st_size / 1e6:.0f} MB)"
            f" in {time.perf_counter() - started:.1f} s"
        )
    database = options.dir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": f"sqlite:///{database}"}
    run(["db", "upgrade"], env)
    org = json.loads(run(["org", "create", "Bench", "--json"], env)[2])["id"]

    extra = [] if options.batch_size is None else ["--batch-size", str(options.batch_size)]
    seconds, rss, output = run(
        ["import", str(source), "--org", str(org), "--map", "Город=field:Город", "--json", *extra],
        env,
    )
    report: dict[str, Any] = json.loads(output)
    job = report["import"]
    print(
        f"import: {job['rows_done']:,} rows in {seconds:.1f} s wall"
        f" = {job['rows_done'] / seconds:,.0f} rows/s (in-process: {report['rows_per_second']:,}"
        f" rows/s), peak RSS {rss} MB; created {job['created']:,}, invalid {job['invalid']}"
    )
    target = options.dir / "export.csv"
    seconds, rss, output = run(["export", "--org", str(org), "-o", str(target), "--json"], env)
    exported = json.loads(output)
    print(
        f"export: {exported['contacts']:,} contacts in {seconds:.1f} s wall"
        f" ({exported['seconds']:.1f} s writing), peak RSS {rss} MB,"
        f" {target.stat().st_size / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    main()
