"""One list of contact columns: the read's column list, the Contact and ContactDraft structs, the
text limits and the table definition agree, so a column added in one place and forgotten in
another fails here instead of reading as None (or being refused) at run time."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import String

from contacthub.core.contacts.model import (
    REFERENCE_COLUMNS,
    TEXT_COLUMNS,
    Contact,
    ContactDraft,
)
from contacthub.core.contacts.reads import COLUMN_NAMES, contact_from_row
from contacthub.db.models.contact import Contact as ContactTable

# Every contact has these besides its texts and references.
IDENTITY = ("id", "uuid")
CLOCKS = ("created_at", "updated_at")
# What a Contact or ContactDraft carries that is not a column of the contacts table.
LOADED_BESIDE = {"phones", "tags", "fields", "vendor_ids"}
DRAFTED_BESIDE = {"phones", "phone_slots", "tags", "fields", "vendor_ids"}
# Table columns no read returns: the tenant, the search text the index keeps, the tombstone.
NOT_READ = {"org_id", "search_text", "deleted_at", "erased_at", "email_folded"}


def _names(struct: type[msgspec.Struct]) -> set[str]:
    return set(struct.__struct_fields__)


def test_the_read_columns_are_the_texts_references_identity_and_clocks() -> None:
    assert set(COLUMN_NAMES) == {*IDENTITY, *TEXT_COLUMNS, *REFERENCE_COLUMNS, *CLOCKS}
    assert len(COLUMN_NAMES) == len(set(COLUMN_NAMES))


def test_a_contact_has_a_field_for_each_read_column() -> None:
    assert _names(Contact) - LOADED_BESIDE == set(COLUMN_NAMES)


def test_a_draft_sets_every_text_and_reference() -> None:
    assert _names(ContactDraft) - DRAFTED_BESIDE == {*TEXT_COLUMNS, *REFERENCE_COLUMNS}


def test_the_table_has_every_read_column_and_the_text_limits() -> None:
    columns = ContactTable.__table__.columns
    assert {column.name for column in columns} - NOT_READ == set(COLUMN_NAMES)
    for name, longest in TEXT_COLUMNS.items():
        kind = columns[name].type
        # VARCHAR(n) columns hold the limit; TEXT ones (address, description) leave it to the
        # core's checks, which TEXT_COLUMNS drives.
        if isinstance(kind, String) and kind.length is not None:
            assert kind.length == longest, name


def test_a_row_is_unpacked_into_the_fields_of_its_column_names() -> None:
    """contact_from_row unpacks by position: each value lands in the field its column names."""
    stamp = datetime(2026, 1, 2, tzinfo=UTC)
    values: dict[str, object] = {name: f"value of {name}" for name in COLUMN_NAMES}
    values.update(id=1, base_id=2, bot_id=3, created_at=stamp, updated_at=stamp)
    contact = contact_from_row(tuple(values[name] for name in COLUMN_NAMES), [])  # type: ignore[arg-type]
    assert {name: getattr(contact, name) for name in COLUMN_NAMES} == values
