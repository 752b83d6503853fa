"""Where the benchmark runs: the cache folder, CPU pinning, the tools it installs for itself.

bench/.cache/            (gitignored)
    data/                CSV files and SQLite stores, built once per size and kept
    npm/node_modules/    json-server, installed by npm on first use
    pydeps/              Starlette, installed by pip on first use (bare endpoints only)
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache"
DATA = CACHE / "data"
NPM = CACHE / "npm"
PYDEPS = CACHE / "pydeps"
JSON_SERVER_VERSION = "1.0.0-beta.15"

# Servers on core 0, the load generator on core 1: they never steal each other's CPU.
SERVER_CORE = "0"
CLIENT_CORE = "1"


def pinned(command: list[str], core: str) -> list[str]:
    """``command`` under ``taskset -c core`` when taskset exists and the machine has 2+ cores."""
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", core, *command]
    return command


def json_server() -> Path:
    """The json-server executable, installed with npm into the cache when missing."""
    executable = NPM / "node_modules" / ".bin" / "json-server"
    if not executable.exists():
        NPM.mkdir(parents=True, exist_ok=True)
        print(f"installing json-server {JSON_SERVER_VERSION} with npm ...", flush=True)
        subprocess.run(  # noqa: S603
            ["npm", "install", "--no-audit", "--no-fund", f"json-server@{JSON_SERVER_VERSION}"],  # noqa: S607
            cwd=NPM,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return executable


def starlette_path() -> str:
    """A PYTHONPATH entry that provides Starlette (installed or put into the cache)."""
    try:
        import starlette  # noqa: F401

        return ""
    except ImportError:
        pass
    if not (PYDEPS / "starlette").exists():
        print("installing starlette with pip (bench only) ...", flush=True)
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--target",
                str(PYDEPS),
                "starlette",
            ],
            check=True,
        )
    return str(PYDEPS)


def describe() -> dict[str, object]:
    """The machine, as RESULTS.md quotes it."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())
