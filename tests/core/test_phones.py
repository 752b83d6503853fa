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


def test_lenient_keeps_numbers_the_plan_does_not_know_yet() -> None:
    # +7 000 ... is possible (ten digits) though no range of the plan holds it.
    with pytest.raises(Invalid):
        normalize_phone("+7 (000) 123-45-67", "RU")
    assert normalize_phone("+7 (000) 123-45-67", "RU", strict=False) == "+70001234567"
    assert try_normalize_phone("1234567890", "RU") == "+71234567890"
    assert try_normalize_phone("abc", "RU") is None


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("12345", "too short"),
        ("900", "too short"),
        ("987654321", "too short"),
        ("+712345", "too short"),
        ("555-01-00", "a local number without its area code"),
        ("+7 916 123 45 67 8", "of a length no number of its country has"),
        ("+7 916 123 45 67 89 01 23", "too long"),
    ],
)
def test_what_cannot_be_a_phone_of_its_region_is_refused_even_leniently(
    written: str, why: str
) -> None:
    for strict in (True, False):
        with pytest.raises(Invalid) as raised:
            normalize_phone(written, "RU", strict=strict)
        assert raised.value.code == "phone_invalid"
    with pytest.raises(Invalid) as raised:
        normalize_phone(written, "RU", strict=False)
    assert raised.value.message == f"{written!r} is not a valid phone number: {why}"
    assert try_normalize_phone(written, "RU") is None


@pytest.mark.parametrize(
    "written",
    ["8 (916) 123-45-67", "+7 916 123-45-67", "8-916-123-45-67", "+7(916)1234567", "9161234567"],
)
def test_real_formats_stay_lenient(written: str) -> None:
    assert normalize_phone(written, "RU", strict=False) == "+79161234567"
    assert normalize_phone(written, "RU") == "+79161234567"
