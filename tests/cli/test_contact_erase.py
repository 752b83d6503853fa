"""``contacthub contact erase``: a subprocess against the test database."""

from __future__ import annotations

import json

from contacthub.core import feed
from contacthub.core.scope import Hub
from tests.cli.test_cli import contacthub
from tests.factories import Org, make_contact


async def test_erase_from_the_command_line(database_url: str, hub: Hub, org: Org) -> None:
    person = await make_contact(org, "Стереть Меня", ["79161230000"], email="me@example.org")
    done = contacthub(database_url, "contact", "erase", person.uuid, "--org", str(org.id), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"erased": person.id}
    async with hub.reading(org.id) as s:
        row = await s.fetch_one(
            "SELECT name, email, erased_at FROM contacts WHERE org_id = :org AND id = :id",
            id=person.id,
        )
        events = await feed.list_events(s, after=0, limit=10)
    assert row is not None
    assert (row["name"], row["email"]) == (None, None)
    assert row["erased_at"] is not None
    assert [(e.type, e.payload, e.actor.dialect) for e in events] == [
        ("contact.created", {"erased": True}, "operator"),
        ("contact.erased", {}, "operator"),
    ]
    again = contacthub(database_url, "contact", "erase", str(person.id), "--org", str(org.id))
    assert again.returncode == 1
    assert "does not exist" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
