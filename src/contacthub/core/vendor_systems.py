"""The systems whose ids a record can carry (``vendor_ids``): the vendor dialects, by name.

A name here is a key of the native API's ``vendor_ids`` object, an import's
``vendor_id:<system>`` target and an export's ``vendor_id:<system>`` column; each dialect of that
name answers with its own id (contacthub.core.vendor_ids). tests/dialects/test_vendor_ids.py
keeps this list equal to the vendor dialects the app registers.
"""

from __future__ import annotations

SYSTEMS: tuple[str, ...] = ("watbot", "obzvonilka", "twin", "plusofon")
