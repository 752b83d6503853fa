"""The request journal: what each organization's clients sent and were answered, newest first.

    request ─> ControlMiddleware ─> (the app, or a fault) ─> Entry ─> Journal[org].appendleft

Bounded in memory, per organization, per process: the last ``per_org`` entries of each, bodies
cut at ``body_cap`` characters and headers at ``HEADER_CAP``, at most ``max_orgs`` organizations
and ``budget`` characters in all (the organization written longest ago loses entries first), so
memory stays flat however long a suite runs. With
several server workers each keeps its own journal: a test suite runs one worker (the pytest
plugin does). Kept in memory rather than in the database because a journal is a test's
scratch: writing it would add a transaction to every request, and it must never outlive a
reset. Credentials are redacted before an entry is kept (contacthub.control.redact).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict, deque
from collections.abc import Iterator
from datetime import datetime

import msgspec

DEFAULT_PER_ORG = 200
DEFAULT_BODY_CAP = 16 * 1024
DEFAULT_MAX_ORGS = 1000
# All organizations' entries together, counted as the characters of their texts: past it the
# organization written longest ago loses its oldest entries first.
DEFAULT_BUDGET = 64 * 1024 * 1024
HEADER_CAP = 4 * 1024  # an entry's headers, all together
NO_ORG = None  # requests whose credential names no organization


class Entry(msgspec.Struct, kw_only=True):
    id: int
    at: datetime
    dialect: str
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: str
    status: int
    response: str
    # Set when a fault or a limit answered instead of the app.
    fault: str | None = None

    def weight(self) -> int:
        """Roughly what the entry holds, in characters (for the journal's budget)."""
        headers = sum(len(name) + len(value) for name, value in self.headers.items())
        return (
            200 + len(self.path) + len(self.query) + headers + len(self.body) + len(self.response)
        )


class Filters(msgspec.Struct, kw_only=True, frozen=True):
    dialect: str | None = None
    method: str | None = None
    path: str | None = None  # a prefix
    status: int | None = None
    since: datetime | None = None

    def keeps(self, entry: Entry) -> bool:
        return (
            (self.dialect is None or entry.dialect == self.dialect)
            and (self.method is None or entry.method == self.method.upper())
            and (self.path is None or entry.path.startswith(self.path))
            and (self.status is None or entry.status == self.status)
            and (self.since is None or entry.at >= self.since)
        )


class Journal:
    def __init__(
        self,
        per_org: int = DEFAULT_PER_ORG,
        body_cap: int = DEFAULT_BODY_CAP,
        max_orgs: int = DEFAULT_MAX_ORGS,
        budget: int = DEFAULT_BUDGET,
    ) -> None:
        self.per_org = per_org
        self.body_cap = body_cap
        self.max_orgs = max_orgs
        self.budget = budget
        self.weight = 0  # of every entry kept
        self._ids = itertools.count(1)
        self._by_org: OrderedDict[int | None, deque[Entry]] = OrderedDict()

    def next_id(self) -> int:
        return next(self._ids)

    def record(self, org_id: int | None, entry: Entry) -> None:
        kept = self._by_org.get(org_id)
        if kept is None:
            if len(self._by_org) >= self.max_orgs:
                self._drop(next(iter(self._by_org)))
            kept = self._by_org[org_id] = deque()
        else:
            self._by_org.move_to_end(org_id)
        kept.appendleft(entry)
        self.weight += entry.weight()
        if len(kept) > self.per_org:
            self.weight -= kept.pop().weight()
        while self.weight > self.budget:
            oldest_org, oldest = next(iter(self._by_org.items()))
            self.weight -= oldest.pop().weight()
            if not oldest:
                del self._by_org[oldest_org]

    def _drop(self, org_id: int | None) -> None:
        kept = self._by_org.pop(org_id, None)
        if kept is not None:
            self.weight -= sum(entry.weight() for entry in kept)

    def entries(self, org_id: int | None, filters: Filters) -> Iterator[Entry]:
        """The organization's entries that pass ``filters``, newest first."""
        return (entry for entry in self._by_org.get(org_id, ()) if filters.keeps(entry))

    def clear(self, org_id: int | None) -> None:
        self._drop(org_id)

    def size(self) -> int:
        """Entries kept in all (for the bound's test)."""
        return sum(len(kept) for kept in self._by_org.values())
