"""On PostgreSQL an erase is followed by a VACUUM of the tables that held the person: their old
row versions, dead but still items of the pages after the commit, are gone from the pages'
items (pageinspect's heap_page_items) once it has run."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from contacthub.config import Settings
from contacthub.core import organizations
from contacthub.core.contacts import ContactDraft, PhoneDraft, create_contact, erase
from contacthub.core.scope import Hub
from contacthub.db.factory import database_for
from contacthub.db.postgres import PostgresDatabase
from tests.support import create_postgres_database, drop_postgres_database

SECRETS = ["Зинаида Уникальнова", "zinaida.unikalnova@example.org", "79161239876"]


@pytest.fixture
async def fresh_hub(backend: str) -> AsyncIterator[tuple[Hub, str]]:
    """A PostgreSQL database of its own: no other test's transaction holds its dead rows."""
    if backend != "postgresql":
        pytest.skip("SQLite zeroes freed bytes at once: tests/db/test_erase_bytes.py")
    url = await create_postgres_database()
    hub = Hub(database_for(Settings(database_url=url, _env_file=None)))  # type: ignore[call-arg]
    await hub.db.connect()
    try:
        yield hub, url
    finally:
        await hub.db.close()
        await drop_postgres_database(url)


async def _held(url: str, secret: str) -> list[str]:
    """The tables of ``erase.TABLES`` whose pages still have an item (a row version, live or
    dead) holding ``secret``."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        found = []
        for table in erase.TABLES:
            count = await conn.fetchval(
                "SELECT count(*) FROM generate_series(0, pg_relation_size($1::regclass) / 8192 - 1)"
                " AS page, heap_page_items(get_raw_page($1::text, page::int)) AS item"
                " WHERE position(convert_to($2, 'UTF8') IN item.t_data) > 0",
                table,
                secret,
            )
            if count:
                found.append(table)
        return found
    finally:
        await conn.close()


async def test_an_erase_vacuums_the_persons_dead_rows_out_of_the_pages(
    fresh_hub: tuple[Hub, str],
) -> None:
    hub, url = fresh_hub
    db = hub.db
    assert isinstance(db, PostgresDatabase)
    org = (await organizations.create_organization(hub, "Acme")).organization.id
    async with hub.writing(org) as s:
        person = await create_contact(
            s,
            ContactDraft(
                name=SECRETS[0], email=SECRETS[1], phones=[PhoneDraft(number=f"+{SECRETS[2]}")]
            ),
        )
        for i in range(50):  # neighbours on the same pages, which stay
            await create_contact(s, ContactDraft(name=f"Сосед {i}"))
    async with hub.writing(org) as s:  # the erase's unit of work alone: the control
        await erase.erase_contact(s, person.id)
    assert await _held(url, SECRETS[0]) == ["contacts", "events"]
    assert await _held(url, SECRETS[2]) == ["contacts", "contact_phones", "events"]

    await db.scrub(erase.TABLES)  # what erase.erase does after its commit
    await db.vacuumed()
    for secret in SECRETS:
        assert await _held(url, secret) == [], secret


async def test_erase_asks_for_the_vacuum(fresh_hub: tuple[Hub, str]) -> None:
    hub, url = fresh_hub
    db = hub.db
    assert isinstance(db, PostgresDatabase)
    org = (await organizations.create_organization(hub, "Acme")).organization.id
    async with hub.writing(org) as s:
        person = await create_contact(s, ContactDraft(name=SECRETS[0]))
    await erase.erase(hub, org, person.id)
    await db.vacuumed()
    assert await _held(url, SECRETS[0]) == []
