"""Phone numbers: every form people write becomes one E.164 key.

``8 999 888-77-66``, ``+7 (999) 888 77 66`` and ``79998887766`` are one number, ``+79998887766``.
Parsing is ``phonenumbers`` (Google's libphonenumber metadata) with a default region for numbers
written without a country code.

Parsing costs about 17 us a number, most of a bulk import's time. Russian mobile numbers in
their everyday forms take a fast path (about 1.5 us): digits and separators only, 10 or 11
digits, and a national number that the metadata's own mobile pattern accepts; such a number is
valid, so libphonenumber would answer the same (the tests compare the two on
every 9xx prefix and every written form in tests/core/test_phone_fast_path.py).
"""

from __future__ import annotations

import re

import phonenumbers

from contacthub.core.phone_digits import bare_international
from contacthub.errors import Invalid

MAX_PHONE_LENGTH = 64

_RU_MOBILE = re.compile(
    str(phonenumbers.PhoneMetadata.metadata_for_region("RU").mobile.national_number_pattern)  # type: ignore[union-attr]
)
_PLAIN = re.compile(r"\+?[0-9 ()\-.]{10,30}")
_NOT_DIGIT = {code: None for code in range(128) if not chr(code).isdigit()}


def _russian_mobile(text: str) -> str | None:
    """The E.164 form of an everyday Russian mobile number, or None to ask libphonenumber."""
    if not _PLAIN.fullmatch(text):
        return None
    digits = text.translate(_NOT_DIGIT)
    count = len(digits)
    if text[0] == "+":
        if count == 11 and digits[0] == "7" and _RU_MOBILE.fullmatch(digits, 1):
            return "+" + digits
    elif count == 11 and digits[0] in "78":
        if _RU_MOBILE.fullmatch(digits, 1):
            return "+7" + digits[1:]
    elif count == 10 and _RU_MOBILE.fullmatch(digits):
        return "+7" + digits
    return None


def normalize_phone(raw: str, region: str, *, strict: bool = True) -> str:
    """The E.164 form of ``raw``, or ``Invalid`` (code ``phone_invalid``) saying why.

    The one rule for what is a phone number, at every door (APIs, lists, import, lookups):

        strict       the number exists in the numbering plan (``is_valid_number``)
        not strict   its length is possible for its country (``is_possible_number``), so a
                     dialer keeps a new or unlisted range; but ``12345``, ``900`` (a short
                     code) or a 7-digit local number without its area code are refused: read
                     with the region's country code they would become a wrong number
                     (``+712345``) and, as a dedupe key, merge different people into one contact
    """
    text = raw.strip()
    if region == "RU" and (fast := _russian_mobile(text)) is not None:
        return fast
    return _normalize_slowly(text, region, strict=strict)


# Why libphonenumber calls a number impossible, as a client should read it.
_IMPOSSIBLE = {
    phonenumbers.ValidationResult.TOO_SHORT: "too short",
    phonenumbers.ValidationResult.TOO_LONG: "too long",
    phonenumbers.ValidationResult.INVALID_LENGTH: "of a length no number of its country has",
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "of no country",
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "a local number without its area code",
}


def _normalize_slowly(text: str, region: str, *, strict: bool) -> str:
    if not text:
        raise Invalid("a phone number is empty", code="phone_invalid")
    if len(text) > MAX_PHONE_LENGTH:
        raise Invalid(
            f"a phone number is longer than {MAX_PHONE_LENGTH} characters", code="phone_invalid"
        )
    fast = bare_international(text, region)
    if fast is not None:
        return fast
    number, valid = _parse(text, region)
    if number is None:
        raise Invalid(f"{text!r} is not a valid phone number", code="phone_invalid")
    if not valid:
        possible = phonenumbers.is_possible_number_with_reason(number)
        if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
            why = _IMPOSSIBLE.get(possible, "impossible")
            raise Invalid(f"{text!r} is not a valid phone number: {why}", code="phone_invalid")
        if strict:
            raise Invalid(f"{text!r} is not a valid phone number", code="phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parse(text: str, region: str) -> tuple[phonenumbers.PhoneNumber | None, bool]:
    """The number read from ``text`` and whether it is valid in the numbering plan (validity is
    checked once here: it costs a third of the parse, and a 100,000-number list pays it)."""
    try:
        number: phonenumbers.PhoneNumber | None = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    valid = number is not None and phonenumbers.is_valid_number(number)
    if not valid and not text.startswith("+"):
        # Telephony APIs write international numbers as bare digits ("380501234567").
        digits = "".join(ch for ch in text if ch.isdigit())
        try:
            international = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            international = None
        if international is not None and phonenumbers.is_valid_number(international):
            return international, True
    return number, valid


def try_normalize_phone(raw: str, region: str) -> str | None:
    """Like ``normalize_phone`` without ``strict``, answering ``None`` for what is no number."""
    try:
        return normalize_phone(raw, region, strict=False)
    except Invalid:
        return None
