"""The systems whose ids a record can carry (``vendor_ids``): the vendor dialects, by name.

A name here is a key of the native API's ``vendor_ids`` object, an import's
``vendor_id:<system>`` target and an export's ``vendor_id:<system>`` column. Each dialect of that
name speaks that system's ids at its edge (contacthub.core.vendor_ids has the rule: an id a
request writes is the record's vendor id, else an alias, else a hub id of a record without one;
an answer shows the vendor id where the record has one, its hub id otherwise):

    watbot      requests  bot_id (getContacts, getBotTags, createOrUpdateContact), contact_id
                          (getContactTags, attach/detachTagToContact, getContactVariables,
                          set/deleteContactVariable), a variable's id (set/deleteContactVariable)
                answers   a contact's id and bot_id, getMe's bots, variables' ids
    obzvonilka  requests  the base and the contact of every /api/contact_bases/... path
                answers   bases' ids, contacts' ids, report/contacts' contact_base_id, the
                          Location of a created contact
    twin        requests  the client and the attribute of /api/v1/clients/... paths (UUIDs)
                answers   attributes' ids, a client's values' id and clientId
    plusofon    requests  the list of /api/v1/contact-lists/{list} (GET, PUT, DELETE)
                answers   lists' ids (the page and one list)

Not vendor-id kinds, so always hub ids: tags (Watbot's tag_id), users, organizations, Plusofon's
list entries (they have no id on its wire). A record a dialect creates has no vendor id yet and
is shown by its hub id. tests/dialects/test_vendor_ids.py keeps this list equal to the vendor
dialects the app registers, and each dialect's own ``SYSTEM`` equal to its name.
"""

from __future__ import annotations

SYSTEMS: tuple[str, ...] = ("watbot", "obzvonilka", "twin", "plusofon")
