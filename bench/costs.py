"""What a load run cost besides its requests/s: the server's CPU and the client core's wake-ups.

    server CPU us/request   user + system CPU of the server's process group (uvicorn and its
                            workers, or node) over the run, from /proc/<pid>/stat, per request
    client wake-ups/request interrupts the client core took to be woken (function-call and
                            rescheduling IPIs in /proc/interrupts), per request

Why: req/s on this 2-core virtual machine is not only the server's own cost. When the server
is slower than wrk, wrk's core goes idle between answers, and every answer then wakes it with an
inter-processor interrupt, which a VM pays for in the sender's kernel time (bench/RESULTS.md,
2026-12-03: ~1 wake-up per contacthub answer against ~0.3 per bare-Starlette answer). These two
numbers show how much of a ratio is the server's code and how much is that effect.
Both read Linux's /proc; elsewhere they are None and the run is reported without them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")
_WAKE_UPS = ("CAL:", "RES:")  # function-call and rescheduling interrupts


@dataclass(frozen=True)
class Reading:
    cpu_seconds: float | None  # the server's process group, user + system
    system_seconds: float | None
    wake_ups: int | None  # on the client core, since boot


def _group_cpu(group: int) -> tuple[float, float] | None:
    """User and system CPU seconds of the live processes of a process group."""
    if not _PROC.is_dir():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    user = system = 0
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended while we looked
        # The command name (field 2) is in parentheses and may hold spaces: split after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == group:  # field 5, the process group
            user += int(fields[11])  # fields 14 and 15: utime, stime
            system += int(fields[12])
    return (user + system) / tick, system / tick


def _wake_ups(core: int) -> int | None:
    try:
        lines = (_PROC / "interrupts").read_text().splitlines()
    except OSError:
        return None
    total = 0
    for line in lines:
        parts = line.split()
        if parts and parts[0] in _WAKE_UPS and len(parts) > core + 1:
            total += int(parts[core + 1])
    return total


def read(server_group: int | None, client_core: int) -> Reading:
    cpu = _group_cpu(server_group) if server_group is not None else None
    return Reading(
        cpu_seconds=None if cpu is None else cpu[0],
        system_seconds=None if cpu is None else cpu[1],
        wake_ups=_wake_ups(client_core),
    )


@dataclass(frozen=True)
class Costs:
    cpu_us: float | None  # server CPU per request
    system_share: float | None  # of that CPU, the kernel's part
    wake_ups: float | None  # client-core wake-ups per request

    @classmethod
    def unknown(cls) -> Costs:
        return cls(None, None, None)


def between(before: Reading, after: Reading, requests: int) -> Costs:
    if requests <= 0:
        return Costs.unknown()
    cpu_us = system_share = wake_ups = None
    if before.cpu_seconds is not None and after.cpu_seconds is not None:
        spent = after.cpu_seconds - before.cpu_seconds
        cpu_us = round(spent / requests * 1e6, 1)
        if spent > 0 and before.system_seconds is not None and after.system_seconds is not None:
            system_share = round((after.system_seconds - before.system_seconds) / spent, 3)
    if before.wake_ups is not None and after.wake_ups is not None:
        wake_ups = round((after.wake_ups - before.wake_ups) / requests, 3)
    return Costs(cpu_us, system_share, wake_ups)
