"""Contacts: the people every dialect shares.

model.py   Contact, Phone and the drafts that create or change them
reads.py   one contact, pages of contacts by filter, lookups by external code or phone
numbered.py  numbered pages (the vendors' page=) and counts, from the counts the database keeps
filters.py the SQL of a listing's filters and the index that drives each
writes.py  create, update (only what a draft names), soft delete
lifecycle.py  restore within the window, purge after it
erase.py   a person erased for good
merge.py   duplicates, and merging contacts into one
events.py  what the change feed says of a contact
"""

from contacthub.core.contacts.model import (
    Contact,
    ContactDraft,
    ContactFilter,
    Phone,
    PhoneDraft,
)
from contacthub.core.contacts.numbered import count_contacts, list_contacts_numbered
from contacthub.core.contacts.reads import (
    contact_id_of,
    contact_key_of,
    find_by_external_code,
    get_contact,
    list_contacts,
)
from contacthub.core.contacts.writes import create_contact, delete_contact, update_contact

__all__ = [
    "Contact",
    "ContactDraft",
    "ContactFilter",
    "Phone",
    "PhoneDraft",
    "contact_id_of",
    "contact_key_of",
    "count_contacts",
    "create_contact",
    "delete_contact",
    "find_by_external_code",
    "get_contact",
    "list_contacts",
    "list_contacts_numbered",
    "update_contact",
]
