"""Helpers for the bulk import/export tests: run an import through the core, read contacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contacthub.core import contacts
from contacthub.core.bulk.jobs import ImportJob
from contacthub.core.bulk.runner import (
    ImportOptions,
    new_runner,
    open_import,
    plan_import,
    run_import,
)
from contacthub.core.contacts import ContactFilter
from contacthub.core.scope import Hub


async def import_file(
    hub: Hub, org_id: int, path: Path, *, batch_size: int = 3, **options: Any
) -> ImportJob:
    """Import through the core as the CLI does (small batches: several per test file)."""
    plan = plan_import(path, path.name, ImportOptions(**options), hub.env.region)
    runner = new_runner()
    job = await open_import(hub, org_id, plan, runner)
    return await run_import(hub, org_id, plan, job, runner, batch_size=batch_size)


async def all_contacts(hub: Hub, org_id: int) -> list[contacts.Contact]:
    found: list[contacts.Contact] = []
    cursor = None
    while True:
        async with hub.reading(org_id) as s:
            page = await contacts.list_contacts(
                s, ContactFilter(), limit=500, cursor=cursor, with_tags=True, with_fields=True
            )
        found.extend(page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def essence(contact: contacts.Contact, base_names: dict[int, str] | None = None) -> dict[str, Any]:
    """What makes a contact the same contact in another organization (no ids, no dates)."""
    return {
        "name": contact.name,
        "email": contact.email,
        "address": contact.address,
        "external_code": contact.external_code,
        "telegram_id": contact.telegram_id,
        "utm_source": contact.utm_source,
        "base": None if contact.base_id is None else (base_names or {}).get(contact.base_id),
        "phones": [(p.number, p.e164, p.position) for p in contact.phones],
        "tags": sorted(contact.tags or []),
        "fields": contact.fields,
    }
