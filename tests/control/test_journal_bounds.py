"""The journal's bounds, without HTTP: entries per organization, organizations, and the budget
of all entries together; its memory stays flat however many requests come."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime

from contacthub.control.journal import Entry, Filters, Journal


def _entry(journal: Journal, body_size: int = 10) -> Entry:
    return Entry(
        id=journal.next_id(),
        at=datetime.now(UTC),
        dialect="native",
        method="GET",
        path="/api/hub/v1/tags",
        query="",
        headers={"host": "t"},
        body="x" * body_size,
        status=200,
        response="y" * body_size,
    )


def _total(journal: Journal, orgs: range) -> int:
    return sum(e.weight() for org in orgs for e in journal.entries(org, Filters()))


def test_entries_per_organization() -> None:
    journal = Journal(per_org=5)
    for _ in range(12):
        journal.record(1, _entry(journal))
    kept = list(journal.entries(1, Filters()))
    assert len(kept) == 5
    assert [e.id for e in kept] == [12, 11, 10, 9, 8]
    assert journal.weight == _total(journal, range(1, 2))


def test_organizations_written_longest_ago_go_first() -> None:
    journal = Journal(max_orgs=3)
    for org in (1, 2, 3):
        journal.record(org, _entry(journal))
    journal.record(1, _entry(journal))  # 1 is fresh again
    journal.record(4, _entry(journal))
    assert list(journal.entries(2, Filters())) == []
    assert len(list(journal.entries(1, Filters()))) == 2
    assert journal.weight == _total(journal, range(1, 5))


def test_budget_of_all_entries() -> None:
    journal = Journal(per_org=1000, budget=100_000)
    for number in range(400):
        journal.record(number % 7, _entry(journal, body_size=1000))
    assert journal.weight <= 100_000
    assert journal.weight == _total(journal, range(7))
    assert journal.size() >= 40  # the budget is used, not emptied
    newest = next(journal.entries(399 % 7, Filters()))
    assert newest.id == 400
    journal.clear(399 % 7)
    assert journal.weight == _total(journal, range(7))


def test_memory_is_flat_under_load() -> None:
    """20,000 requests with 16 KiB bodies into 50 organizations: the memory held after them is
    within the budget (8 MiB here), and the same after twice as many."""
    journal = Journal(budget=8 * 1024 * 1024)
    tracemalloc.start()
    try:
        held = []
        for rounds in (1, 2):
            for number in range(20_000 * rounds):
                journal.record(number % 50, _entry(journal, body_size=16 * 1024))
            held.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    assert journal.weight <= 8 * 1024 * 1024
    assert held[0] < 12 * 1024 * 1024
    assert abs(held[1] - held[0]) < 1024 * 1024
