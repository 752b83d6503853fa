"""The bare-digits fast path answers only what libphonenumber's parser answers."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from contacthub.core import phones
from contacthub.core.phone_digits import bare_international
from contacthub.core.phones import normalize_phone
from contacthub.errors import Invalid

REGIONS = ["RU", "KZ", "UA", "BY", "US", "GB", "DE", "IT", "FR", "CN", "IN", "BR", "AR", "MX"]
EDGES = [
    "78001234567",  # toll-free: the national number starts with 8, RU's national prefix
    "88001234567",
    "79998887766",
    "89998887766",
    "810380501234567",  # RU's international prefix
    "380501234567",
    "+380501234567",
    "+390612345678",  # Italian leading zero
    "+78001234567",
    "+79998887766",
    "+12025550100",
    "12025550100",
    "+5491123456789",  # Argentina: a mobile 9 the parser may transform
    "5491123456789",
    "+8613800138000",
    "+800123456789",  # a non-geographic calling code
    "77012345678",  # Kazakhstan shares +7
    "+447911123456",
    "447911123456",
]


def parser_reading(text: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def samples(seed: int) -> list[str]:
    """Digit strings around real calling codes, with and without "+"."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    found = []
    for _ in range(6000):
        code = str(rng.choice([7, 7, 7, 380, 375, 1, 44, 49, 39, 33, 86, 91, 55, 54, *codes]))
        rest = "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 12)))
        digits = code + rest
        found.append(rng.choice(["+", ""]) + digits)
    return found


@pytest.mark.parametrize("region", REGIONS)
def test_the_fast_path_agrees_with_the_parser(region: str) -> None:
    decided = 0
    for text in [*EDGES, *samples(REGIONS.index(region))]:
        fast = bare_international(text, region)
        if fast is not None:
            decided += 1
            assert fast == parser_reading(text, region), (text, region)
    assert decided > 0


def test_the_fast_path_takes_russian_mobile_numbers() -> None:
    rng = random.Random(7)  # noqa: S311 (test data, not secrets)
    numbers = [f"79{rng.randrange(10**9):09d}" for _ in range(2000)]
    valid = [n for n in numbers if parser_reading(n, "RU") is not None]
    assert len(valid) > 1500
    assert all(bare_international(n, "RU") == "+" + n for n in valid)
    assert all(bare_international("+" + n, "RU") == "+" + n for n in valid)


@pytest.mark.parametrize("region", ["RU", "US", "IT", "AR"])
def test_normalize_phone_answers_the_same_without_the_fast_path(
    region: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [*EDGES, *samples(REGIONS.index(region) + 100)[:1500]]

    def answers() -> list[tuple[str, str]]:
        found = []
        for text in texts:
            for strict in (True, False):
                try:
                    found.append((text, normalize_phone(text, region, strict=strict)))
                except Invalid as error:
                    found.append((text, error.code))
        return found

    with_fast = answers()
    monkeypatch.setattr(phones, "bare_international", lambda text, region: None)
    assert answers() == with_fast
