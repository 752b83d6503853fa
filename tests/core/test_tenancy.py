"""Tenancy lives in one place: Scope binds :org, and only a short list of lookups bypass it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contacthub.core import contacts
from contacthub.core.scope import Hub, TenancyError
from contacthub.errors import NotFound
from tests.factories import Org, make_contact

CORE = Path(__file__).resolve().parents[2] / "src" / "contacthub" / "core"

# The statements that run before an organization is known, or that are about organizations.
UNSCOPED = {
    ("tokens.py", "authenticate"),  # the token names the organization
    ("users.py", "check_login"),  # the e-mail names the organization
    ("organizations.py", "create_organization"),
    ("organizations.py", "list_organizations"),
    ("sessions.py", "_session_by"),  # the session token names the organization
    ("login_limits.py", "_count"),  # login attempts belong to no organization
    ("login_limits.py", "attempt"),
    ("login_limits.py", "forgive"),
    ("runner.py", "refresh_statistics"),  # planner statistics after a bulk import, no rows
    ("feed.py", "purge_events"),  # events past retention, every organization's
    ("lifecycle.py", "purge_deleted"),  # contacts past their restore window, likewise
    ("worker.py", "claim"),  # due webhook deliveries, whoever's (each is then sent in its scope)
    ("worker.py", "_anything_due"),  # whether any is due, read before a claim's write
}


def _unscoped_uses() -> set[tuple[str, str]]:
    found = set()
    for path in CORE.rglob("*.py"):
        if path.name == "scope.py":  # the Scope itself
            continue
        function = "<module>"
        for line in path.read_text().splitlines():
            if match := re.match(r"\s*(?:async )?def (\w+)", line):
                function = match.group(1)
            if re.search(r"\b(hub\.db\.(read|write)|conn\.(fetch_\w+|execute\w*|iterate))\(", line):
                found.add((path.name, function))
    return found


def test_only_the_listed_lookups_bypass_the_scope() -> None:
    assert _unscoped_uses() == UNSCOPED


async def test_a_scope_refuses_a_statement_without_org(hub: Hub, org: Org) -> None:
    async with hub.reading(org.id) as s:
        with pytest.raises(TenancyError):
            await s.fetch_all("SELECT id FROM contacts")


async def test_one_organization_cannot_reach_another(hub: Hub, org: Org, other_org: Org) -> None:
    mine = await make_contact(org, "Мой контакт")
    async with hub.reading(other_org.id) as s:
        page = await contacts.list_contacts(s, contacts.ContactFilter())
        assert page.items == []
        with pytest.raises(NotFound):
            await contacts.get_contact(s, mine.id)
        with pytest.raises(NotFound):
            await contacts.get_contact(s, mine.uuid)
