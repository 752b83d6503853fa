"""The load generator: wrk (Debian's package) pinned to core 1, driven by a generated Lua script.

Every request picks a random contact (``math.random`` per wrk thread, seeded per thread), so a
server that scans (json-server) is not flattered by a low fixed id. A path or body template
names what it needs in braces:

    {id}     a random contact id, 1..N
    {phone}  that contact's E.164 number (+79 and nine digits, see bench.dataset.phone_of)
    {list}   a random id among the store's Plusofon lists
    {rand}   a random number (for values that must change)
    {num7}   seven random digits (to make new phone numbers)

The script's ``done`` prints one JSON line: requests, duration, errors by kind, latency
percentiles. Any non-2xx answer counts as an error; a run with errors is reported as failed.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import costs
from bench.machine import CLIENT_CORE, pinned

THREADS = 2
CONNECTIONS = 32

_LUA = r"""
local N = %(n)d
local LISTS = {%(lists)s}
local METHOD = "%(method)s"
local HEADERS = {%(headers)s}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
  for _ = 1, 10 do math.random() end
end

function request()
  local i = math.random(0, N - 1)
  local id = i + 1
  local phone = "+79" .. string.format("%%09d", (i * 7919333 + 12345) %% 1000000000)
  local list = LISTS[math.random(1, #LISTS)]
  local rand = math.random(1, 1000000000)
  local num7 = string.format("%%07d", math.random(0, 9999999))
  local body = %(body)s
  return wrk.format(METHOD, %(path)s, HEADERS, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %%d, "duration_us": %%d, "status": %%d, "connect": %%d, "read": %%d,'
    .. ' "write": %%d, "timeout": %%d, "p50": %%d, "p90": %%d, "p99": %%d, "max": %%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

_PLACEHOLDER = re.compile(r"\{(id|phone|list|rand|num7)\}")


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _lua_template(template: str | None) -> str:
    """``"/contacts/{id}"`` as the Lua expression ``"/contacts/" .. id``."""
    if template is None:
        return "nil"
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > last:
            parts.append(_lua_string(template[last : match.start()]))
        parts.append(f"tostring({match.group(1)})")
        last = match.end()
    if last < len(template):
        parts.append(_lua_string(template[last:]))
    return " .. ".join(parts) or '""'


@dataclass
class Request:
    """What each request of a scenario sends."""

    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass
class Run:
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int
    costs: costs.Costs = field(default_factory=costs.Costs.unknown)


def script(request: Request, contacts: int, lists: list[int]) -> str:
    headers = ", ".join(
        f"[{_lua_string(key)}] = {_lua_string(value)}" for key, value in request.headers.items()
    )
    return _LUA % {
        "n": contacts,
        "lists": ", ".join(str(n) for n in lists) or "0",
        "method": request.method,
        "headers": headers,
        "path": _lua_template(request.path),
        "body": _lua_template(request.body),
    }


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    return found


def run_once(base_url: str, lua: str, seconds: float, server_group: int | None = None) -> Run:
    """One wrk run; with ``server_group`` (the server's process group) also what the server's
    CPU and the client core's wake-ups cost a request (bench/costs.py)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua)
        path = Path(handle.name)
    try:
        command = [wrk_path(), f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s"]
        command += ["--timeout", "10s", "-s", str(path), base_url]
        before = costs.read(server_group, int(CLIENT_CORE))
        done = subprocess.run(  # noqa: S603
            pinned(command, CLIENT_CORE), capture_output=True, text=True, check=True
        )
        after = costs.read(server_group, int(CLIENT_CORE))
    finally:
        path.unlink()
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {done.stdout}\n{done.stderr}")
    data: dict[str, Any] = json.loads(line.removeprefix("BENCHJSON "))
    errors = sum(data[key] for key in ("status", "connect", "read", "write", "timeout"))
    seconds_run = data["duration_us"] / 1e6
    return Run(
        rps=data["requests"] / seconds_run,
        p50_ms=data["p50"] / 1000,
        p90_ms=data["p90"] / 1000,
        p99_ms=data["p99"] / 1000,
        max_ms=data["max"] / 1000,
        requests=data["requests"],
        errors=errors,
        costs=costs.between(before, after, data["requests"]),
    )


@dataclass
class Result:
    runs: list[Run]

    @property
    def median(self) -> Run:
        """The run with the median requests/s (its latencies are that run's)."""
        ordered = sorted(self.runs, key=lambda run: run.rps)
        return ordered[len(ordered) // 2]

    def as_dict(self) -> dict[str, Any]:
        middle = self.median
        return {
            "rps": round(middle.rps, 1),
            "p50_ms": middle.p50_ms,
            "p90_ms": middle.p90_ms,
            "p99_ms": middle.p99_ms,
            "rps_runs": [round(run.rps, 1) for run in self.runs],
            "rps_spread": round(statistics.pstdev([run.rps for run in self.runs]), 1),
            "errors": sum(run.errors for run in self.runs),
            # The median run's (bench/costs.py); None where /proc is not there to read.
            "server_cpu_us": middle.costs.cpu_us,
            "server_system_share": middle.costs.system_share,
            "client_wake_ups": middle.costs.wake_ups,
        }


def measure(
    base_url: str,
    request: Request,
    contacts: int,
    lists: list[int],
    *,
    seconds: float,
    runs: int,
    server_group: int | None = None,
) -> Result:
    """A short warm-up (not for runs of a second or two: the smoke test), then ``runs`` runs of
    ``seconds`` each."""
    lua = script(request, contacts, lists)
    if seconds >= 5:
        run_once(base_url, lua, seconds / 5)
    return Result([run_once(base_url, lua, seconds, server_group) for _ in range(runs)])
