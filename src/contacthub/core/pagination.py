"""Keyset pagination: a cursor is the last id of a page, opaque to clients.

Keyset pages cost the same at row 10 and at row 10,000,000 (an index seek), unlike OFFSET.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from contacthub.core.ids import storable, written_id
from contacthub.errors import Invalid

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


# Every cursor this server gives out, as a regular expression (the OpenAPI document's pattern, so
# a client or a fuzzer knows one without asking). A cursor is "id:<digits>" in unpadded base64url;
# "id:" is three bytes, so it is always "aWQ6", and every three ASCII digits (bytes 0x30-0x39)
# are four characters from small sets: the first two carry the first digit, the third the
# second, the fourth the third; one or two digits left over are two or three characters. The
# pattern is exact: each group matches the encodings of 1,000 (100, 10) digit strings and
# nothing else. It stops at 18 digits, which every id fits (a 19th needs 10**18 rows) and which
# are all below 2**63 (decode_cursor refuses a larger id).
_THREE_DIGITS = "(?:[MN][DTjz]|O[DT])[AEIMQUYcgk][w-z0-5]"
_ONE_DIGIT = "(?:[MN][AQgw]|O[AQ])"
_TWO_DIGITS = "(?:[MN][DTjz]|O[DT])[AEIMQUYcgk]"
CURSOR_PATTERN = f"^aWQ6(?:{_THREE_DIGITS}){{0,5}}(?:{_THREE_DIGITS}|{_ONE_DIGIT}|{_TWO_DIGITS})$"


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The id after which the page starts (0 for the first page)."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = text.partition(":")
        number = written_id(value)
        if prefix != "id" or number is None or not storable(number):
            raise ValueError(text)
        return number
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Invalid.field("cursor", "the cursor is not one this server gave out") from None


# A page of a search gives the contacts where a word starts with the text first (tier 0), then
# those where it is inside a word (tier 1), each by id. Its cursor keeps the same shape as every
# other (one number): a tier-1 position is the id plus this step (ids stay far below it).
_TIER_STEP = 10**17


def encode_ranked_cursor(tier: int, last_id: int) -> str:
    return encode_cursor(tier * _TIER_STEP + last_id)


def decode_ranked_cursor(cursor: str | None) -> tuple[int, int]:
    """(tier, id after which the page of that tier starts) of a search's cursor."""
    position = decode_cursor(cursor)
    tier, last_id = divmod(position, _TIER_STEP)
    if tier > 1:
        raise Invalid.field("cursor", "the cursor is not one this server gave out")
    return tier, last_id


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid.field("limit", f"limit must be between 1 and {MAX_LIMIT}")
    return limit


class HasId(Protocol):
    @property
    def id(self) -> int: ...


Item = TypeVar("Item", bound=HasId)


def page_of(items: list[Item], has_more: bool) -> Page[Item]:
    """A page of items fetched with LIMIT size+1 (``has_more``: the extra row came back)."""
    return Page(items, encode_cursor(items[-1].id) if has_more and items else None)
