"""bench/costs.py: the server-side costs printed beside every load run."""

from __future__ import annotations

import os
import sys

import pytest
from bench import costs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_a_process_groups_cpu_is_counted_per_request() -> None:
    before = costs.read(os.getpgrp(), client_core=0)
    sum(i * i for i in range(2_000_000))  # CPU of this process, in its own group
    after = costs.read(os.getpgrp(), client_core=0)
    spent = costs.between(before, after, requests=1000)
    assert spent.cpu_us is not None
    assert spent.cpu_us > 0
    assert spent.system_share is None or 0 <= spent.system_share <= 1
    assert spent.wake_ups is not None
    assert spent.wake_ups >= 0


def test_no_requests_no_costs() -> None:
    reading = costs.read(os.getpgrp(), client_core=0)
    assert costs.between(reading, reading, requests=0) == costs.Costs.unknown()


def test_a_group_with_no_processes_costs_nothing() -> None:
    reading = costs.read(2**22 + 12345, client_core=0)  # beyond pid_max: no such group
    assert reading.cpu_seconds == 0
