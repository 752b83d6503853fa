"""``contacthub import`` and ``export`` as a person runs them: real subprocesses, real files."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from contacthub.config import Settings
from contacthub.core.scope import Hub
from tests.factories import Org


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contacthub", *args],
        env={**os.environ, "CONTACTHUB_DATABASE_URL": settings.database_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def _count(hub: Hub, org_id: int, sql: str) -> Any:
    async with hub.reading(org_id) as s:
        return await s.fetch_value(sql)


def _write_people(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "phone"])
        for i in range(rows):
            writer.writerow([f"Контакт {i}", f"8 9{i:09d}"])


async def test_kill_9_mid_file_then_rerun_gives_exactly_the_files_rows(
    hub: Hub, org: Org, settings: Settings, tmp_path: Path
) -> None:
    rows = 20_000
    source = tmp_path / "base.csv"
    _write_people(source, rows)
    # --dedupe none: were a committed batch written again, it would make twins.
    command = [sys.executable, "-m", "contacthub", "import", str(source), "--org", str(org.id)]
    command += ["--dedupe", "none", "--batch-size", "250", "--json"]
    env = {**os.environ, "CONTACTHUB_DATABASE_URL": settings.database_url}
    # Started, not awaited: the test polls the database while the child runs.
    quiet = subprocess.DEVNULL
    child = subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)  # noqa: ASYNC220
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and child.poll() is None:
        done = await _count(hub, org.id, "SELECT MAX(rows_done) FROM imports WHERE org_id = :org")
        if done and done >= 1000:
            break
        await asyncio.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    async with hub.reading(org.id) as s:
        job = await s.fetch_one("SELECT id, status, rows_done FROM imports WHERE org_id = :org")
        stored = await s.fetch_value("SELECT COUNT(*) FROM contacts WHERE org_id = :org")
    assert job is not None
    assert job["status"] == "running"
    assert 1000 <= job["rows_done"] < rows
    assert job["rows_done"] % 250 == 0  # whole batches only
    assert stored == job["rows_done"]  # exactly what the job says, no half batch

    again = _cli(
        settings, "import", str(source), "--org", str(org.id), "--dedupe", "none",
        "--batch-size", "250", "--json",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["import"]["id"] == job["id"]
    assert report["import"]["status"] == "done"
    assert report["import"]["rows_done"] == rows
    assert report["import"]["created"] == rows
    contacts = await _count(hub, org.id, "SELECT COUNT(*) FROM contacts WHERE org_id = :org")
    numbers = await _count(
        hub, org.id, "SELECT COUNT(DISTINCT e164) FROM contact_phones WHERE org_id = :org"
    )
    assert contacts == numbers == rows


async def test_import_summary_rejects_file_and_json(
    hub: Hub, org: Org, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "leads.csv"
    source.write_text(
        "Имя;Телефон;Источник\nАнна;8 999 111-22-33;сайт\nБорис;не номер;сайт\n",
        encoding="cp1251",
    )
    answer = _cli(settings, "import", str(source), "--org", str(org.id), "--base", "Лиды")
    assert answer.returncode == 0, answer.stderr
    assert "1 created" in answer.stdout
    assert "1 invalid" in answer.stdout
    assert "Источник" in answer.stdout  # reported as not imported
    rejects = tmp_path / "leads.rejected.csv"
    assert rejects.read_text(encoding="utf-8").splitlines() == [
        "row,reason,Имя,Телефон,Источник",
        "2,phone: 'не номер' is not a valid phone number,Борис,не номер,сайт",
    ]
    dry = _cli(settings, "import", str(source), "--org", str(org.id), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["import"]["dry_run"] is True
    assert (report["import"]["created"], report["import"]["updated"]) == (0, 1)
    assert report["unmapped_columns"] == ["Источник"]


async def test_user_errors_are_one_line_and_exit_1(
    hub: Hub, org: Org, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "x.csv"
    source.write_text("name,phone\nА,89990000001\n")
    cases = [
        (["import", str(tmp_path / "missing.csv"), "--org", str(org.id)], "no such file"),
        (["import", str(source), "--org", str(org.id), "--map", "name=nick"], "unknown field"),
        (["import", str(source), "--org", str(org.id), "--dedupe", "email"], "dedupe must be"),
        (["import", str(source), "--org", "999999"], "organization does not exist"),
        (["export", "--org", str(org.id), "--base", "Нет такой"], "does not exist"),
        (["export", "--org", str(org.id), "--format", "pdf"], "csv, xlsx or jsonl"),
    ]
    for args, message in cases:
        answer = _cli(settings, *args)
        assert answer.returncode == 1, (args, answer.stdout, answer.stderr)
        assert message in answer.stderr, (args, answer.stderr)
        assert "Traceback" not in answer.stderr


async def test_export_to_a_file_and_back(
    hub: Hub, org: Org, other_org: Org, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name,phone,tags\nАнна,89990000001,a|b\nБорис,89990000002,\n")
    assert _cli(settings, "import", str(source), "--org", str(org.id)).returncode == 0
    target = tmp_path / "out.xlsx"
    answer = _cli(settings, "export", "--org", str(org.id), "-o", str(target), "--json")
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["contacts"] == 2
    assert not (tmp_path / "out.xlsx.part").exists()
    back = _cli(settings, "import", str(target), "--org", str(other_org.id), "--json")
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout)["import"]["created"] == 2
    streamed = _cli(settings, "export", "--org", str(other_org.id), "--format", "jsonl")
    names = sorted(json.loads(line)["name"] for line in streamed.stdout.splitlines())
    assert names == ["Анна", "Борис"]
