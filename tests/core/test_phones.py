"""Phone normalization: every way people write a number becomes one E.164 key."""

from __future__ import annotations

import pytest

from contacthub.core.phones import normalize_phone, try_normalize_phone
from contacthub.errors import Invalid


@pytest.mark.parametrize(
    "written",
    ["8 999 888-77-66", "+7 (999) 888 77 66", "79998887766", "89998887766", "9998887766"],
)
def test_russian_forms_are_one_number(written: str) -> None:
    assert normalize_phone(written, "RU") == "+79998887766"


def test_international_digits_without_plus() -> None:
    assert normalize_phone("380501234567", "RU") == "+380501234567"
    assert normalize_phone("+1 650 253 0000", "RU") == "+16502530000"


def test_region_decides_national_numbers() -> None:
    assert normalize_phone("020 7946 0958", "GB") == "+442079460958"


@pytest.mark.parametrize("junk", ["", "   ", "abc", "12", "+7 999", "1" * 70])
def test_not_numbers_are_invalid(junk: str) -> None:
    with pytest.raises(Invalid) as raised:
        normalize_phone(junk, "RU")
    assert raised.value.code == "phone_invalid"


def test_lenient_keeps_short_numbers_a_dialer_may_call() -> None:
    with pytest.raises(Invalid):
        normalize_phone("987654321", "RU")
    assert normalize_phone("987654321", "RU", strict=False) == "+7987654321"
    assert try_normalize_phone("987654321", "RU") == "+7987654321"
    assert try_normalize_phone("abc", "RU") is None
