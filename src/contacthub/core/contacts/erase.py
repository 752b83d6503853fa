"""Erase: a person removed for good, on request (GDPR's right to erasure).

    erase_contact (one unit of work)
      phones, tags, field values, vendor ids          deleted, with the vendor ids and external
                                                       codes kept as aliases (merges, deletes)
      the row's personal columns                       NULL (a tombstone keeps id, uuid, times)
      their numbers on black and white lists          removed; an entry left without numbers goes
      events about them (and list events naming a number of theirs)   bodies replaced by
                                                                        {"erased": true}
      -> one contact.erased event, with no personal data
    then Database.scrub(TABLES), after the commit:
      SQLite      the search index merged (its old segments held the name's trigrams) and the
                  WAL checkpointed and truncated; with ``secure_delete`` on, freed bytes are
                  zeroed, so the file no longer holds the person
      PostgreSQL  a VACUUM of TABLES, in the background (VACUUM runs outside a transaction and
                  scans every index of a table: seconds on a large one, not the request's to
                  wait for; a shutdown waits for it). Until then the old row versions are dead
                  but in the pages, readable by anyone with the files or pageinspect; after it
                  they are no longer items of any page

What remains after the erase, and is not the server's to remove:
- PostgreSQL pages: VACUUM does not zero; the bytes of a removed version stay in the page's
  free space until a new row takes it (a VACUUM FULL of the table rewrites its files, under an
  exclusive lock: the operator's choice, in a maintenance window). Index entries alike.
- the write-ahead log: PostgreSQL's WAL segments (and any WAL archive or replica fed from it)
  hold the rows as written until they are recycled or expire; SQLite's WAL is truncated here.
- backups and dumps taken before the erase hold the person until they are rotated out; the
  operator's retention decides when (a restore from one must erase the person again).
- the filesystem: blocks of files SQLite or PostgreSQL freed are not overwritten by either.
- other systems: the webhooks delivered and the change feed already read by integrations.
"""

from __future__ import annotations

from datetime import datetime

from contacthub.core import vendor_ids
from contacthub.core.contacts.model import REFERENCE_COLUMNS, TEXT_COLUMNS
from contacthub.core.ids import storable, written_id
from contacthub.core.principal import AdminAction, Principal
from contacthub.core.scope import Hub, Scope
from contacthub.db.database import expand_in
from contacthub.errors import NotFound

ERASED = "contact.erased"
# The tables an erase deletes or rewrites rows of: where the person's old row versions are.
TABLES = (
    "contacts",
    "contact_phones",
    "contact_tags",
    "field_values",
    "vendor_ids",
    "vendor_id_aliases",
    "contact_aliases",
    "contact_list_phones",
    "contact_list_entries",
    "events",
)
_SCRUBBED = '{"erased": true}'


async def find_any(s: Scope, ref: int | str) -> tuple[int, datetime | None, datetime | None]:
    """A contact of the scope, live or deleted, locked: its id, deleted_at and erased_at."""
    number = ref if isinstance(ref, int) else written_id(ref)
    if number is not None and not storable(number):
        raise NotFound(f"contact {ref} does not exist")
    where = "id = :ref" if number is not None else "uuid = :ref"
    row = await s.fetch_one(
        f"SELECT id, deleted_at, erased_at FROM contacts WHERE org_id = :org AND {where}"
        f"{s.conn.locking}",
        ref=number if number is not None else ref,
    )
    if row is None:
        raise NotFound(f"contact {ref} does not exist")
    return int(row["id"]), row["deleted_at"], row["erased_at"]


async def erase_contact(s: Scope, ref: int | str) -> int:
    """Remove everything of a contact but its tombstone (see the module); answers its id.
    A contact erased already is not found."""
    s.require(AdminAction.ERASE_CONTACTS)
    contact_id, _, erased_at = await find_any(s, ref)
    survivor = await s.fetch_value(
        "SELECT contact_id FROM contact_aliases WHERE org_id = :org AND alias_id = :id",
        id=contact_id,
    )
    if survivor is not None:  # merged away: the person is the survivor now
        contact_id, _, erased_at = await find_any(s, int(survivor))
    if erased_at is not None:
        raise NotFound(f"contact {ref} does not exist")
    # The contacts merged into it were the same person: their rows go with it.
    absorbed = [
        int(row["alias_id"])
        for row in await s.fetch_all(
            "SELECT alias_id FROM contact_aliases WHERE org_id = :org AND contact_id = :id",
            id=contact_id,
        )
    ]
    for one in [contact_id, *absorbed]:
        await _scrub(s, one)
    # The absorbed ids and UUIDs keep naming the tombstone; the codes were the person's.
    await s.execute(
        "UPDATE contact_aliases SET alias_code = NULL WHERE org_id = :org AND contact_id = :id",
        id=contact_id,
    )
    s.emit(ERASED, contact_id, {})
    return contact_id


async def _scrub(s: Scope, contact_id: int) -> None:
    """Everything of one contact row but its tombstone (a row already purged: nothing)."""
    numbers = [
        row["e164"]
        for row in await s.fetch_all(
            "SELECT DISTINCT e164 FROM contact_phones WHERE org_id = :org AND contact_id = :id",
            id=contact_id,
        )
    ]
    for table in ("contact_phones", "contact_tags", "field_values"):
        await s.execute(
            f"DELETE FROM {table} WHERE org_id = :org AND contact_id = :id",
            id=contact_id,
        )
    await vendor_ids.erase(s, "contact", [contact_id])
    now = s.now()
    cleared = ", ".join(f"{column} = NULL" for column in (*TEXT_COLUMNS, *REFERENCE_COLUMNS))
    await s.execute(
        f"UPDATE contacts SET {cleared}, search_text = '', email_folded = NULL,"
        " deleted_at = COALESCE(deleted_at, :now), erased_at = :now, updated_at = :now"
        " WHERE org_id = :org AND id = :id",
        id=contact_id,
        now=now,
    )
    await _off_lists(s, numbers)
    await s.execute(
        "UPDATE events SET payload = :scrubbed WHERE org_id = :org AND contact_id = :id",
        id=contact_id,
        scrubbed=_SCRUBBED,
    )
    for number in numbers:
        # List and blocking events name numbers, not contacts.
        await s.execute(
            "UPDATE events SET payload = :scrubbed WHERE org_id = :org AND contact_id IS NULL"
            " AND (type LIKE 'list.%' OR type LIKE 'number.%') AND payload LIKE :pattern",
            scrubbed=_SCRUBBED,
            pattern=f'%"{number}"%',
        )


async def _off_lists(s: Scope, numbers: list[str]) -> None:
    """The numbers off every list; entries left with no number go (their name may be the
    person's)."""
    if not numbers:
        return
    placeholders, params = expand_in("number", numbers)
    entries = [
        int(row["entry_id"])
        for row in await s.fetch_all(
            "SELECT DISTINCT entry_id FROM contact_list_phones WHERE org_id = :org"
            f" AND e164 IN {placeholders}",
            **params,
        )
    ]
    await s.execute(
        f"DELETE FROM contact_list_phones WHERE org_id = :org AND e164 IN {placeholders}",
        **params,
    )
    if entries:
        held, held_params = expand_in("entry", entries)
        await s.execute(
            f"DELETE FROM contact_list_entries WHERE org_id = :org AND id IN {held}"
            " AND NOT EXISTS (SELECT 1 FROM contact_list_phones p WHERE p.entry_id ="
            " contact_list_entries.id)",
            **held_params,
        )


async def erase(hub: Hub, who: int | Principal, ref: int | str) -> int:
    """Erase a contact (one unit of work), then scrub what the store keeps of freed data."""
    async with hub.writing(who) as s:
        contact_id = await erase_contact(s, ref)
    await hub.db.scrub(TABLES)
    return contact_id
