from __future__ import annotations

import itertools
import re
import string

import pytest

from contacthub.core.pagination import CURSOR_PATTERN, check_limit, decode_cursor, encode_cursor
from contacthub.errors import Invalid


def test_cursor_round_trip() -> None:
    assert decode_cursor(encode_cursor(12345)) == 12345
    assert decode_cursor(None) == 0
    assert decode_cursor("") == 0


@pytest.mark.parametrize("forged", ["x", "aWQ6", "aWQ6LTE", "!!!", "bm9wZTox"])
def test_forged_cursors_are_invalid(forged: str) -> None:
    with pytest.raises(Invalid) as raised:
        decode_cursor(forged)
    assert "cursor" in raised.value.fields


@pytest.mark.parametrize("limit", [0, -1, 501])
def test_limits_outside_the_range_are_invalid(limit: int) -> None:
    with pytest.raises(Invalid):
        check_limit(limit)


def test_the_cursor_pattern_is_every_cursor_and_nothing_else() -> None:
    # CURSOR_PATTERN is /openapi.json's: each cursor given out matches it, each match decodes.
    pattern = re.compile(CURSOR_PATTERN)
    ids = [*range(2_000), *(10**n - 1 for n in range(4, 19)), *(10**n for n in range(4, 18))]
    for last_id in ids:
        cursor = encode_cursor(last_id)
        assert pattern.fullmatch(cursor), last_id
        assert decode_cursor(cursor) == last_id
    # Exact: of every string of two (three) base64url characters after "aWQ6", the pattern takes
    # the 10 (100) encodings of one (two) digits, each of which decodes.
    alphabet = string.ascii_letters + string.digits + "-_"
    for size, count in ((2, 10), (3, 100)):
        tails = ["".join(chars) for chars in itertools.product(alphabet, repeat=size)]
        taken = [tail for tail in tails if pattern.fullmatch(f"aWQ6{tail}")]
        assert len(taken) == count
        assert {decode_cursor(f"aWQ6{tail}") for tail in taken} == set(range(count))
    too_long = encode_cursor(10**18)  # 19 digits: a billion billion rows, and past the pattern
    assert not pattern.fullmatch(too_long)
    for forged in ["", "x", "aWQ6", "aWQ6LTE", "bm9wZTox", encode_cursor(1) + "A"]:
        assert not pattern.fullmatch(forged)
