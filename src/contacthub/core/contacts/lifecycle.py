"""After a delete: restore within the window, purge past it.

    live --DELETE--> deleted (deleted_at) --restore (within CONTACTHUB_RESTORE_DAYS)--> live
                            └──past the window: purged by the server (rows gone, events kept)
    erased (core/contacts/erase.py): a tombstone, never restored nor purged

A restore brings back the row with its phones, tags and field values (they stayed); the vendor
ids were let go at the delete, so that another record could take them, and do not come back as
its own: those no other record took are still its aliases (core/vendor_ids.py), so a stored
vendor id reaches it again, and answers carry its hub id.

A purge removes the rows and keeps the aliases: a merged-away contact's id, UUID and external
code (contact_aliases, whose survivor is live) keep answering the survivor, and a purged
record's vendor ids (vendor_id_aliases) keep naming nothing, rather than falling back to another
record's hub id. A purged survivor takes its contact_aliases with it (their foreign key).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from contacthub.core.contacts import events
from contacthub.core.contacts.erase import find_any
from contacthub.core.contacts.model import Contact
from contacthub.core.contacts.reads import get_contact
from contacthub.core.scope import Hub, Scope
from contacthub.errors import Conflict

# Contacts a purge removes per statement (each unit of work stays short).
_PURGE_BATCH = 500


async def restore_contact(s: Scope, ref: int | str, restore_days: int) -> Contact:
    """Bring a deleted contact back; ``Conflict`` when it is live or its window has passed."""
    contact_id, deleted_at, erased_at = await find_any(s, ref)
    if erased_at is not None:
        raise Conflict(f"contact {ref} was erased and cannot be restored", code="erased")
    survivor = await s.fetch_value(
        "SELECT contact_id FROM contact_aliases WHERE org_id = :org AND alias_id = :id",
        id=contact_id,
    )
    if survivor is not None:
        raise Conflict(
            f"contact {ref} was merged into contact {survivor} and cannot be restored",
            code="merged",
        )
    if deleted_at is None:
        raise Conflict(f"contact {ref} is not deleted", code="not_deleted")
    if deleted_at < s.now() - timedelta(days=restore_days):
        raise Conflict(
            f"contact {ref} was deleted more than {restore_days} days ago and can no longer be"
            " restored",
            code="restore_window_passed",
        )
    await s.execute(
        "UPDATE contacts SET deleted_at = NULL, updated_at = :now WHERE org_id = :org AND id = :id",
        id=contact_id,
        now=s.now(),
    )
    s.emit(events.RESTORED, contact_id, {})
    return await get_contact(s, contact_id, with_tags=True, with_fields=True)


async def purge_deleted(hub: Hub, now: datetime, restore_days: int) -> int:
    """Remove for good the contacts deleted more than ``restore_days`` ago, every
    organization's (their phones, tags and values go by the foreign keys); answers how many."""
    cutoff = now - timedelta(days=restore_days)
    total = 0
    while True:
        # The server's own job, across organizations: the connection, not a Scope.
        async with hub.db.write() as conn:
            gone = await conn.execute(
                "DELETE FROM contacts WHERE id IN (SELECT id FROM contacts"
                " WHERE deleted_at IS NOT NULL AND deleted_at < :cutoff AND erased_at IS NULL"
                " LIMIT :batch)",
                {"cutoff": cutoff, "batch": _PURGE_BATCH},
            )
        total += gone
        if gone < _PURGE_BATCH:
            return total
