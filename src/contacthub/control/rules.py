"""Faults and vendor limits: rules an integrator's test sets on one organization.

    request (org, dialect, method, path) ─> Rules.verdict
        ├─ a limit of the dialect is past its rate ─> the vendor's 429 (RateLimited)
        ├─ a fault matches (and its draw says so) ──> wait delay_ms, then its status or a drop
        └─ nothing ─────────────────────────────────> the app, as always

A fault matches when each of its given ``dialect``, ``method`` and ``path`` (a prefix) does;
``times`` counts down to its removal, ``probability`` draws from the rule's own generator seeded
with ``seed``, so a test that sets the same rules sees the same answers. A limit counts the
organization's requests to the dialect in the last second, as Watbot does above 2 requests/s.
Rules live in memory, per process, like the journal (contacthub.control.journal).
"""

from __future__ import annotations

import itertools
import random
import time
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Literal

import msgspec

from contacthub.errors import Invalid

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
Dialect = Literal["native", "watbot", "obzvonilka", "twin", "plusofon"]
MAX_RULES = 100  # an organization's faults, or limits
_STATUSES = frozenset(status.value for status in HTTPStatus)


class FaultRule(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What a matching request gets instead of its answer."""

    dialect: Dialect | None = None
    method: Method | None = None
    path: str | None = None
    status: int | None = None
    delay_ms: int = 0
    times: int | None = None
    probability: float = 1.0
    seed: int = 0
    drop: bool = False

    def check(self) -> None:
        if self.status is not None and (
            self.status < 400
            or self.status > 599
            or self.status not in HTTPStatus._value2member_map_
        ):
            raise Invalid.field("status", "status must be an HTTP error status (400-599)")
        if not 0 <= self.delay_ms <= 60_000:
            raise Invalid.field("delay_ms", "delay_ms must be 0 to 60000")
        if self.times is not None and self.times < 1:
            raise Invalid.field("times", "times must be at least 1 (or left out: always)")
        if not 0.0 <= self.probability <= 1.0:
            raise Invalid.field("probability", "probability must be from 0 to 1")
        if self.path is not None and not self.path.startswith("/"):
            raise Invalid.field("path", "path must start with /")
        if self.status is None and not self.drop and self.delay_ms == 0:
            raise Invalid.field("status", "a fault needs a status, drop or a delay_ms")


class Fault(FaultRule, kw_only=True):
    id: int


class LimitRule(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    dialect: Dialect
    per_second: int

    def check(self) -> None:
        if not 1 <= self.per_second <= 100_000:
            raise Invalid.field("per_second", "per_second must be 1 to 100000")


class Limit(LimitRule, kw_only=True):
    id: int


@dataclass(slots=True)
class _Armed:
    fault: Fault
    draws: random.Random
    left: int | None


@dataclass(slots=True)
class _Counted:
    limit: Limit
    seen: deque[float] = field(default_factory=deque)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the control plane does instead of (or before) the app."""

    delay_ms: int = 0
    status: int | None = None
    drop: bool = False
    limited: bool = False  # the vendor's 429 of a limit
    reason: str = ""


@dataclass(slots=True)
class _OrgRules:
    faults: list[_Armed] = field(default_factory=list)
    limits: list[_Counted] = field(default_factory=list)


class Rules:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._orgs: dict[int, _OrgRules] = {}

    def any_for(self, org_id: int | None) -> bool:
        rules = self._orgs.get(org_id) if org_id is not None else None
        return rules is not None and bool(rules.faults or rules.limits)

    def add_fault(self, org_id: int, rule: FaultRule) -> Fault:
        rule.check()
        rules = self._orgs.setdefault(org_id, _OrgRules())
        if len(rules.faults) >= MAX_RULES:
            raise Invalid(f"an organization has at most {MAX_RULES} faults")
        fault = Fault(id=next(self._ids), **msgspec.structs.asdict(rule))
        # A seeded generator on purpose: a test's draws repeat run after run.
        draws = random.Random(rule.seed)  # noqa: S311
        rules.faults.append(_Armed(fault, draws, rule.times))
        return fault

    def faults(self, org_id: int) -> list[Fault]:
        rules = self._orgs.get(org_id)
        return [] if rules is None else [armed.fault for armed in rules.faults]

    def remove_faults(self, org_id: int, fault_id: int | None = None) -> bool:
        """Remove one fault (False if it is not the organization's) or all of them."""
        rules = self._orgs.get(org_id)
        if rules is None:
            return fault_id is None
        before = len(rules.faults)
        rules.faults = [a for a in rules.faults if fault_id is not None and a.fault.id != fault_id]
        return fault_id is None or len(rules.faults) < before

    def add_limit(self, org_id: int, rule: LimitRule) -> Limit:
        rule.check()
        rules = self._orgs.setdefault(org_id, _OrgRules())
        rules.limits = [c for c in rules.limits if c.limit.dialect != rule.dialect]
        limit = Limit(id=next(self._ids), dialect=rule.dialect, per_second=rule.per_second)
        rules.limits.append(_Counted(limit))
        return limit

    def limits(self, org_id: int) -> list[Limit]:
        rules = self._orgs.get(org_id)
        return [] if rules is None else [counted.limit for counted in rules.limits]

    def remove_limits(self, org_id: int, limit_id: int | None = None) -> bool:
        rules = self._orgs.get(org_id)
        if rules is None:
            return limit_id is None
        before = len(rules.limits)
        rules.limits = [c for c in rules.limits if limit_id is not None and c.limit.id != limit_id]
        return limit_id is None or len(rules.limits) < before

    def forget(self, org_id: int) -> None:
        self._orgs.pop(org_id, None)

    def verdict(self, org_id: int, dialect: str, method: str, path: str) -> Verdict | None:
        """The first limit past its rate, else the first fault that matches and fires."""
        rules = self._orgs.get(org_id)
        if rules is None:
            return None
        now = time.monotonic()
        for counted in rules.limits:
            if counted.limit.dialect != dialect:
                continue
            seen = counted.seen
            while seen and now - seen[0] >= 1.0:
                seen.popleft()
            if len(seen) >= counted.limit.per_second:
                return Verdict(limited=True, reason=f"limit {counted.limit.id}")
            seen.append(now)
        for armed in rules.faults:
            fault = armed.fault
            if (
                (fault.dialect is not None and fault.dialect != dialect)
                or (fault.method is not None and fault.method != method)
                or (fault.path is not None and not path.startswith(fault.path))
            ):
                continue
            if fault.probability < 1.0 and armed.draws.random() >= fault.probability:
                continue
            if armed.left is not None:
                armed.left -= 1
                if armed.left <= 0:
                    rules.faults.remove(armed)
            return Verdict(fault.delay_ms, fault.status, fault.drop, reason=f"fault {fault.id}")
        return None
