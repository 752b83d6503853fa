"""A fast path for numbers written as bare international digits (``79998887766``,
``+380501234567``): the form telephony APIs send, and the bulk of a 100,000-number list.

libphonenumber's ``parse`` costs ~10 us a number, two thirds of normalizing one. For digits-only
input the country code can be read off directly, as the parser itself does, and the candidate
checked with ``is_valid_number``. The answer is only given where the parser provably reads the
same number; anything else (``None``) goes the full way:

    "+" digits      the parser takes the first 1-3 digits that are a calling code (same loop)
    digits          only with the default region's calling code in front, when the whole string
                    is not a possible national number of the region, the rest is one, and the
                    string does not start with the region's international prefix: then the
                    parser strips that calling code
    either          the national number must not start with 0 (Italian leading zeros) nor with
                    the region's national prefix (the parser might strip it), and must be valid

tests/core/test_phone_digits.py compares this with the parser on many numbers and edge cases.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata


class _Plan(NamedTuple):
    calling_code: str
    international_prefix: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    national_number: re.Pattern[str] | None


def _compiled(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@lru_cache(maxsize=512)
def _plan(region: str | None, calling_code: int | None) -> _Plan | None:
    """The numbering-plan facts the parser consults, for a region or a calling code."""
    if calling_code is not None:
        owner = phonenumbers.region_code_for_country_code(calling_code)
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(calling_code, owner)
    else:
        metadata = PhoneMetadata.metadata_for_region(region or "")
    if metadata is None or metadata.country_code is None:
        return None
    general = metadata.general_desc
    return _Plan(
        calling_code=str(metadata.country_code),
        international_prefix=_compiled(metadata.international_prefix),
        national_prefix=_compiled(metadata.national_prefix_for_parsing),
        national_number=_compiled(general.national_number_pattern if general else None),
    )


def _calling_code(digits: str) -> int | None:
    for length in (1, 2, 3):
        code = int(digits[:length])
        if code in COUNTRY_CODE_TO_REGION_CODE:
            return code
    return None


def bare_international(text: str, region: str) -> str | None:
    """The E.164 form of ``text`` if it is bare international digits of a valid number (see the
    module's conditions); ``None`` means "not decided here"."""
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if not (8 <= len(digits) <= 15 and digits.isascii() and digits.isdigit()) or digits[0] == "0":
        return None
    if plus:
        code = _calling_code(digits)
        plan = None if code is None else _plan(None, code)
    else:
        plan = _plan(region, None)
        if plan is None or not digits.startswith(plan.calling_code):
            return None
        if plan.international_prefix is not None and plan.international_prefix.match(digits):
            return None
        if plan.national_number is not None and plan.national_number.fullmatch(digits):
            return None
    if plan is None:
        return None
    national = digits[len(plan.calling_code) :]
    if not national or national[0] == "0":
        return None
    if not plus and (plan.national_number is None or not plan.national_number.fullmatch(national)):
        # The parser strips the calling code only if the rest is possible in the default region
        # (+7 is Russia's and Kazakhstan's: "79998887766" is not Kazakh).
        return None
    if plan.national_prefix is not None and plan.national_prefix.match(national):
        return None
    number = phonenumbers.PhoneNumber(
        country_code=int(plan.calling_code), national_number=int(national)
    )
    return "+" + digits if phonenumbers.is_valid_number(number) else None
