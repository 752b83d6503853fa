from __future__ import annotations

import pytest

from contacthub.core.pagination import check_limit, decode_cursor, encode_cursor
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
