"""``vendor_ids`` of the native API's bots, bases, lists and fields: read with a page or a record
and changed in the write's own unit of work. (A contact's are in the core's Contact.)"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import UnsetType

from contacthub.core import vendor_ids
from contacthub.core.pagination import HasId
from contacthub.core.scope import Scope
from contacthub.core.vendor_ids import VendorIds as VendorIds
from contacthub.dialects.native import schemas as wire


async def known(s: Scope, kind: str, records: Sequence[HasId]) -> dict[int, VendorIds]:
    """The vendor ids of ``records``, by record id."""
    return await vendor_ids.of_records(s, kind, [record.id for record in records])


async def of_one(s: Scope, kind: str, record_id: int) -> VendorIds:
    return (await vendor_ids.of_records(s, kind, [record_id])).get(record_id, {})


async def change(
    s: Scope, kind: str, record_id: int, given: wire.VendorIdsIn | UnsetType
) -> VendorIds:
    """Apply a request's ``vendor_ids`` (if it sent one) to a record found in the scope;
    answers the record's vendor ids."""
    if isinstance(given, UnsetType):
        return await of_one(s, kind, record_id)
    return await vendor_ids.set_vendor_ids(s, kind, record_id, vendor_ids.clean_changes(given))
