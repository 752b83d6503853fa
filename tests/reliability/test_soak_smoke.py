"""The soak's own smoke test: a few seconds of it, so that ``python -m bench.soak`` keeps working
(the real run is minutes long: bench/results/soak-*.txt)."""

from __future__ import annotations

import subprocess
import sys

from tests.reliability.processes import ROOT


def test_a_short_soak_passes_its_verdicts() -> None:
    # Machinery only: a 9-second run on a shared machine says nothing about p99 or RSS trends
    # (the minutes-long run does); an error is a failure all the same.
    lenient = ["--p99-factor", "100", "--rss-bound", "500"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--minutes", "0.15", "--interval", "3", *lenient],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    verdicts = [line for line in done.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(verdicts) == 3
    assert all(line.startswith("PASS") for line in verdicts), verdicts
