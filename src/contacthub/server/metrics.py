"""Prometheus metrics and the access log: what every answer, from either lane, is counted as.

    ObservabilityMiddleware ── an answer's method, path, status, start ──> Accounting.account
                                   ├─ contacthub_requests_total{dialect,method,status}
                                   ├─ contacthub_request_duration_seconds{dialect}
                                   ├─ contacthub_errors_total{dialect,kind} (4xx client, 5xx server)
                                   └─ the access log line (when it is on)
    HotLane ── a hot request it leaves to Litestar ──> contacthub_hot_declined_total{reason}

``/metrics`` is Prometheus' text format; with several server processes (``serve --workers N``)
prometheus_client's multiprocess mode aggregates them (``PROMETHEUS_MULTIPROC_DIR``, set by
``serve``).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from contacthub.server.logs import access_log

REQUESTS = Counter(
    "contacthub_requests_total", "HTTP requests answered", ["dialect", "method", "status"]
)
LATENCY = Histogram(
    "contacthub_request_duration_seconds",
    "Time from request to the end of the answer",
    ["dialect"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter("contacthub_errors_total", "Answers with an error status", ["dialect", "kind"])
# Requests to a hot handler that the hot lane left to Litestar, by why (contacthub.server.hot_lane):
# query, headers, body (what the lane does not take), declined (the handler said so), refused
# (a domain error: Litestar renders it), error (anything else: also logged).
HOT_DECLINED = Counter(
    "contacthub_hot_declined", "Hot requests the hot lane left to Litestar", ["reason"]
)


class Accounting:
    """Counts and logs answers; ``dialect_of`` names the API a path belongs to."""

    def __init__(self, dialect_of: Callable[[str], str]) -> None:
        self.dialect_of = dialect_of
        # prometheus_client's labels() takes a lock and builds a key on every call: the
        # children are kept here once made (a few dozen: dialect x method x status).
        self._counted: dict[tuple[str, str, int], Any] = {}
        self._timed: dict[str, Any] = {}

    def account(self, method: str, path: str, status: int, started: float) -> None:
        """One answer: ``started`` is its ``time.perf_counter()`` at the request's start."""
        elapsed = time.perf_counter() - started
        dialect = self.dialect_of(path)
        counter = self._counted.get((dialect, method, status))
        if counter is None:
            counter = REQUESTS.labels(dialect, method, str(status))
            if len(self._counted) < 1000:  # methods are the client's: bound the memory
                self._counted[(dialect, method, status)] = counter
        counter.inc()
        timer = self._timed.get(dialect)
        if timer is None:
            timer = self._timed[dialect] = LATENCY.labels(dialect)
        timer.observe(elapsed)
        if status >= 400:
            ERRORS.labels(dialect, "server" if status >= 500 else "client").inc()
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                method,
                path,
                status,
                extra={"status": status, "duration_ms": round(elapsed * 1000, 3)},
            )


def metrics_payload() -> tuple[bytes, str]:
    """The metrics of this process, or of every worker when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
