"""The fast path of phone normalization answers exactly what libphonenumber answers."""

from __future__ import annotations

import random

import pytest

from contacthub.core.phones import _normalize_slowly, _russian_mobile, normalize_phone
from contacthub.errors import Invalid

# Every way people write a Russian mobile number in spreadsheets, for a national number n.
FORMS = [
    "{n}",
    "8{n}",
    "7{n}",
    "+7{n}",
    "+7 ({a}) {b}-{c}-{d}",
    "8 ({a}) {b}-{c}-{d}",
    "8-{a}-{b}-{c}-{d}",
    "7 {a} {b} {c} {d}",
    "+7 {a} {b}{c}{d}",
    "({a}) {b}-{c}-{d}",
    "8.{a}.{b}.{c}.{d}",
    " +7-{a}-{b}-{c}-{d} ",
    "+8 {a} {b} {c} {d}",
    "+{n}",
    "9{n}",
    "8 {a} {b} {c} {d}0",
]


def _slow(raw: str, *, strict: bool) -> str | None:
    try:
        return _normalize_slowly(raw.strip(), "RU", strict=strict)
    except Invalid:
        return None


def _fast(raw: str, *, strict: bool) -> str | None:
    try:
        return normalize_phone(raw, "RU", strict=strict)
    except Invalid:
        return None


def test_fast_path_agrees_with_libphonenumber_on_every_prefix_and_form() -> None:
    rng = random.Random(7)  # noqa: S311 (reproducible test numbers)
    checked = fast_taken = 0
    # Every 9xx prefix and every 4-digit 9xxx prefix (the metadata splits the 93x range finely).
    prefixes = [f"9{i:02d}" for i in range(100)] + [f"93{i:02d}" for i in range(100)]
    for prefix in prefixes:
        for _ in range(3):
            n = prefix + "".join(rng.choice("0123456789") for _ in range(10 - len(prefix)))
            parts = {"n": n, "a": n[:3], "b": n[3:6], "c": n[6:8], "d": n[8:]}
            for form in FORMS:
                raw = form.format(**parts)
                fast_taken += _russian_mobile(raw.strip()) is not None
                for strict in (False, True):
                    assert _fast(raw, strict=strict) == _slow(raw, strict=strict), (raw, strict)
                    checked += 1
    assert checked > 10_000
    assert fast_taken > checked // 4  # the fast path is really taken


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("8 999 888-77-66", "+79998887766"),
        ("+7 (912) 345-67-89", "+79123456789"),
        ("9161234567", "+79161234567"),
        ("+7 495 123-45-67", "+74951234567"),  # a Moscow landline: the slow path
        ("380501234567", "+380501234567"),
    ],
)
def test_everyday_numbers(raw: str, e164: str) -> None:
    assert normalize_phone(raw, "RU", strict=False) == e164


def test_other_regions_never_take_the_russian_path() -> None:
    # In Kazakhstan's plan, +7 700 is a mobile; the national 10 digits mean +7 there too, but
    # a region other than RU is always parsed by libphonenumber.
    assert normalize_phone("8 999 888 77 66", "KZ", strict=False) == _normalize_slowly(
        "8 999 888 77 66", "KZ", strict=False
    )
    with pytest.raises(Invalid):
        normalize_phone("   ", "RU")
