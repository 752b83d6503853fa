"""The range of a stored id: both databases keep ids in a signed 64-bit integer.

A number outside it names no record. Passed to the database it is a fault of the driver instead
(SQLite's ``OverflowError``, PostgreSQL's "out of int64 range"), so the request edges check it.
"""

from __future__ import annotations

from contacthub.errors import Invalid

MIN_ID = -(2**63)
MAX_ID = 2**63 - 1


def storable(number: int) -> bool:
    """Whether ``number`` fits the databases' integer columns."""
    return MIN_ID <= number <= MAX_ID


def written_id(text: str) -> int | None:
    """The integer of an id written as ASCII digits (``"42"``); None for anything else.

    ``str.isdigit()`` is true for ``"١٢٣"`` and ``"²"``, which ``int()`` reads as 123 or
    refuses: an id in a URL is ASCII or it is no id. More digits than a stored id can have come
    back as ``MAX_ID + 1`` (``int()`` refuses 4,301 digits): callers see it is not ``storable``.
    """
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if len(text) <= 19 else MAX_ID + 1


def check_filter_id(name: str, value: int | None) -> None:
    """``Invalid`` (the client's error, a 422) for a filter's id that no stored id can equal."""
    if value is not None and not storable(value):
        raise Invalid.field(name, f"{name} {value} is out of the range of ids")
