"""docs/COVERAGE.md is generated from the routes; it must match what the app serves now."""

from __future__ import annotations

from tools.endpoint_coverage import REPORT, render


def test_coverage_report_is_current() -> None:
    assert REPORT.read_text() == render(), "run `python -m tools.endpoint_coverage`"
