"""The range of a stored id: both databases keep ids in a signed 64-bit integer.

A number outside it names no record. Passed to the database it is a fault of the driver instead
(SQLite's ``OverflowError``, PostgreSQL's "out of int64 range"), so the request edges check it.
"""

from __future__ import annotations

MIN_ID = -(2**63)
MAX_ID = 2**63 - 1


def storable(number: int) -> bool:
    """Whether ``number`` fits the databases' integer columns."""
    return MIN_ID <= number <= MAX_ID
