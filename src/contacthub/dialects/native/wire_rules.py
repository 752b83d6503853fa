"""What the core checks of a request's values, written where /openapi.json shows it.

    msgspec (schemas.py)   a body's shape: types, required and unknown fields      -> 400
    the core               its values: lengths, blanks, NULs, e-mail addresses,
                           id ranges, vendor ids, list sizes                       -> 422, named
    neither schema can say whether a number is a phone number, a base exists or a name is taken
                                                                                   -> 422 / 409

The annotations here put the core's rules into the document (maxLength, pattern, minItems...),
so a request valid by the document is one the core takes, apart from the last line. They are
documentation only: msgspec ignores Litestar's ``KwargDefinition``, the core keeps checking and
answering, and the limits are the core's own constants.

Whitespace in the patterns is spelled out as the characters ``str.strip`` removes: JSON Schema's
``\\s`` is ECMA's, which differs from Python's (U+001C-U+001F, U+0085, U+FEFF), and a name of
U+001F alone passed the document's ``\\S`` but was blank to the core.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar.openapi.spec import Schema
from litestar.params import KwargDefinition

from contacthub.core.bases import MAX_NAME_LENGTH as MAX_BASE_NAME
from contacthub.core.bases import TEXT_LIMITS as BASE_TEXTS
from contacthub.core.bots import MAX_NAME_LENGTH as MAX_BOT_NAME
from contacthub.core.contacts.model import MAX_PHONE_REMARK, MAX_PHONES, TEXT_COLUMNS
from contacthub.core.fields import MAX_FIELD_NAME, MAX_VALUE_LENGTH
from contacthub.core.ids import MAX_ID
from contacthub.core.list_entries import MAX_ENTRY_NAME_LENGTH, MAX_ENTRY_PHONES
from contacthub.core.lists import MAX_LIST_NAME_LENGTH
from contacthub.core.phones import MAX_PHONE_LENGTH
from contacthub.core.tags import MAX_TAG_LENGTH
from contacthub.core.users import MIN_PASSWORD_LENGTH
from contacthub.core.vendor_ids import MAX_LENGTH as MAX_VENDOR_ID_LENGTH
from contacthub.core.vendor_systems import SYSTEMS

# Literals of the core that it does not name (core.users: _check_password and the name's
# optional_text; core.tokens.create_token's label); tests/dialects/native/test_wire_rules.py
# holds them to the server's answers.
MAX_PASSWORD_LENGTH = 1024
MAX_USER_NAME = 255
MAX_TOKEN_LABEL = 255

# validation.no_nul (PostgreSQL cannot store NUL), as "not: {pattern: NUL}": the same set as
# ^[^\x00]*$, which made hypothesis generate bodies eight times slower.
NUL = r"\x00"


def _ranges(codes: list[int]) -> str:
    """Code points as a character class's body, runs collapsed: ``\\u0009-\\u000d...``."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(
        f"\\u{first:04x}" + (f"-\\u{last:04x}" if last > first else "") for first, last in runs
    )


# What str.strip removes (all below U+3001), as a character class both regex dialects read alike.
WHITESPACE = _ranges([code for code in range(0x3001) if chr(code).isspace()])
NOT_BLANK = f"[^{WHITESPACE}]"  # validation.required_text: something left after strip
# validation.optional_email, after strip: local@domain, the domain after the last "@", no spaces
# (other whitespace may be inside: Python's strip only trims the ends). Blank is "no e-mail".
_ADDRESS = rf"[^{WHITESPACE}\x00][^ \x00]*@[^ @\x00]*[^{WHITESPACE}@\x00]"
EMAIL = rf"^[{WHITESPACE}]*{_ADDRESS}[{WHITESPACE}]*$"
EMAIL_OR_BLANK = rf"^[{WHITESPACE}]*(?:{_ADDRESS})?[{WHITESPACE}]*$"
VENDOR_TEXT_ID = rf"^[A-Za-z0-9._~:-]{{1,{MAX_VENDOR_ID_LENGTH}}}$"  # vendor_ids.clean_vendor_id


class _Rule(KwargDefinition):
    # typing hashes Annotated metadata to build a union (``Rule | None``), and a dataclass
    # holding a dict (``schema_extra``) has no hash of its own: each rule is made once, at import.
    def __hash__(self) -> int:
        return id(self)


def rule(**schema: Any) -> KwargDefinition:
    """JSON Schema keywords for a value (Litestar's names: ``max_length``, ``min_items``...)."""
    return _Rule(**schema)


def no_nul(**schema: Any) -> KwargDefinition:
    return rule(**schema, schema_extra={"schema_not": Schema(pattern=NUL)})


def text(max_length: int, *, required: bool = False) -> KwargDefinition:
    """``validation.required_text`` (not blank) or ``optional_text``, at most ``max_length``."""
    if required:
        return no_nul(min_length=1, max_length=max_length, pattern=NOT_BLANK)
    return no_nul(max_length=max_length)


def contact_text(column: str) -> KwargDefinition:
    return text(TEXT_COLUMNS[column])


TagNameText = Annotated[str, text(MAX_TAG_LENGTH, required=True)]
FieldNameText = Annotated[str, text(MAX_FIELD_NAME, required=True)]
FieldValueText = Annotated[str, no_nul(max_length=MAX_VALUE_LENGTH)]
# A bot or a field (NamedIn serves both; their names have the same bound).
NameText = Annotated[str, text(min(MAX_BOT_NAME, MAX_FIELD_NAME), required=True)]
BaseNameText = Annotated[str, text(MAX_BASE_NAME, required=True)]
ListNameText = Annotated[str, text(MAX_LIST_NAME_LENGTH, required=True)]
EntryNameText = Annotated[str, text(MAX_ENTRY_NAME_LENGTH, required=True)]
# Not blank ("a phone number is empty"); whether it is a phone number is phonenumbers' to say
# (a 422 with code phone_invalid).
PhoneNumberText = Annotated[str, text(MAX_PHONE_LENGTH, required=True)]
PhoneRemarkText = Annotated[str, text(MAX_PHONE_REMARK)]
EntryPhones = Annotated[list[PhoneNumberText], rule(min_items=1, max_items=MAX_ENTRY_PHONES)]
FieldValues = Annotated[
    dict[str, FieldValueText],
    rule(
        schema_extra={
            "property_names": Schema(
                min_length=1,
                max_length=MAX_FIELD_NAME,
                pattern=NOT_BLANK,
                schema_not=Schema(pattern=NUL),
            )
        }
    ),
]
PasswordText = Annotated[str, rule(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)]
EmailText = Annotated[str, rule(max_length=TEXT_COLUMNS["email"], pattern=EMAIL)]
EmailOrBlankText = Annotated[str, rule(max_length=TEXT_COLUMNS["email"], pattern=EMAIL_OR_BLANK)]
UserNameText = Annotated[str, text(MAX_USER_NAME)]
TokenLabelText = Annotated[str, text(MAX_TOKEN_LABEL)]
BaseText = {column: text(limit) for column, limit in BASE_TEXTS.items()}

# ``{"watbot": 72975, "twin": "35e45a67-..."}``: a system's id is an integer in 0..2**63-1 or
# 1..64 URL-safe characters; ``null`` removes it.
VendorIdValue = (
    # minimum 0 by schema_extra: Litestar drops a falsy ``ge``.
    Annotated[int, rule(schema_extra={"minimum": 0}, le=MAX_ID)]
    | Annotated[str, rule(pattern=VENDOR_TEXT_ID)]
    | None
)
VendorIdsIn = Annotated[
    dict[str, VendorIdValue],
    rule(schema_extra={"property_names": Schema(enum=list(SYSTEMS))}),
]
MAX_CONTACT_PHONES = MAX_PHONES
