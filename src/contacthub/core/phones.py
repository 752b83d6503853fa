"""Phone numbers: every form people write becomes one E.164 key.

``8 999 888-77-66``, ``+7 (999) 888 77 66`` and ``79998887766`` are one number, ``+79998887766``.
Parsing is ``phonenumbers`` (Google's libphonenumber metadata) with a default region for numbers
written without a country code.
"""

from __future__ import annotations

import phonenumbers

from contacthub.core.phone_digits import bare_international
from contacthub.errors import Invalid

MAX_PHONE_LENGTH = 64


def normalize_phone(raw: str, region: str, *, strict: bool = True) -> str:
    """The E.164 form of ``raw``, or ``Invalid``.

    ``strict`` asks for a number that exists in the numbering plan; without it any number the
    parser can read is kept (a dialer may dial short or foreign numbers the plan does not know).
    """
    text = raw.strip()
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
    if number is None or (strict and not valid):
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
    """Like ``normalize_phone`` without ``strict``, answering ``None`` for what is not a number."""
    try:
        return normalize_phone(raw, region, strict=False)
    except Invalid:
        return None
