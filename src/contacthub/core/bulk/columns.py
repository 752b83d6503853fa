"""Which column of a file goes where: ``--map col=field`` plus what header names say by themselves.

Targets: a contact column (``name``, ``email``, ... ``utm_content``), ``phone`` (any number of
columns; a cell may hold several numbers separated by ``,`` ``;`` ``|`` or a new line), ``tags``
(a cell of names separated by ``|``, else ``;``, else ``,``), ``field:NAME`` (a custom field),
``base`` (a contact base by name) and ``skip``. A header the map does not name is matched by
itself: a target's own name, ``phone2``-like names, ``field:NAME``, a few Russian spreadsheet
words (``Телефон``, ``ФИО``...); the columns an export adds (``id``, ``uuid``, dates) are skipped.
Anything else is unmapped: ignored and reported, or made a custom field when asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from contacthub.core.contacts.model import TEXT_COLUMNS
from contacthub.core.fields import clean_field_name
from contacthub.errors import Invalid

PHONE = "phone"
TAGS = "tags"
BASE = "base"
SKIP = "skip"
FIELD_PREFIX = "field:"

# Header words people use, folded to lower case, beyond the targets' own names.
ALIASES: dict[str, str] = {
    "phones": PHONE,
    "tel": PHONE,
    "telephone": PHONE,
    "mobile": PHONE,
    "number": PHONE,
    "телефон": PHONE,
    "телефоны": PHONE,
    "тел": PHONE,
    "тел.": PHONE,
    "номер": PHONE,
    "мобильный": PHONE,
    "tag": TAGS,
    "теги": TAGS,
    "метки": TAGS,
    "тег": TAGS,
    "fio": "name",
    "full name": "name",
    "фио": "name",
    "имя": "name",
    "e-mail": "email",
    "mail": "email",
    "почта": "email",
    "адрес": "address",
    "комментарий": "description",
    "описание": "description",
    "сайт": "www",
    "website": "www",
    "код": "external_code",
    "внешний код": "external_code",
    "база": BASE,
}
# Columns that an export writes and an import has no use for.
EXPORT_ONLY = frozenset({"id", "uuid", "base_id", "bot_id", "created_at", "updated_at"})
_NUMBERED_PHONE = re.compile(r"(?:phone|телефон|тел)[ _]?\d+")


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # a contact column, PHONE, TAGS, BASE, SKIP or "field"
    field: str | None = None  # the custom field's name when kind == "field"


SKIPPED = Target(SKIP)


def parse_target(text: str) -> Target:
    """A target as written after ``=`` in ``--map``; ``Invalid`` for an unknown one."""
    word = text.strip()
    lowered = word.lower()
    if lowered.startswith(FIELD_PREFIX):
        return Target("field", clean_field_name(word[len(FIELD_PREFIX) :]))
    if lowered in ("", "-", "ignore"):
        return SKIPPED
    kind = ALIASES.get(lowered, lowered)
    if kind in TEXT_COLUMNS or kind in (PHONE, TAGS, BASE, SKIP):
        return Target(kind)
    known = ", ".join([*TEXT_COLUMNS, PHONE, TAGS, BASE, SKIP, "field:NAME"])
    raise Invalid.field("map", f"unknown field {word!r}; use one of: {known}")


def parse_map(specs: Iterable[str]) -> dict[str, Target]:
    """``["Телефон=phone", "Город=field:Город"]`` -> column name -> target."""
    mapping: dict[str, Target] = {}
    for spec in specs:
        column, equals, target = spec.partition("=")
        if not equals or not column.strip():
            raise Invalid.field("map", f"{spec!r} is not COLUMN=FIELD")
        mapping[column.strip()] = parse_target(target)
    return mapping


def guess_target(header: str) -> Target | None:
    """What a header means by itself, or None when it names nothing we know."""
    lowered = header.strip().lower()
    if lowered.startswith(FIELD_PREFIX) and lowered != FIELD_PREFIX:
        return Target("field", clean_field_name(header.strip()[len(FIELD_PREFIX) :]))
    if lowered in EXPORT_ONLY:
        return SKIPPED
    kind = ALIASES.get(lowered, lowered)
    if kind in TEXT_COLUMNS or kind in (PHONE, TAGS, BASE):
        return Target(kind)
    if _NUMBERED_PHONE.fullmatch(lowered):
        return Target(PHONE)
    return None


class ColumnMap:
    """Resolves column names to targets, remembering the ones left unmapped."""

    def __init__(self, explicit: dict[str, Target], *, unmapped_as_fields: bool) -> None:
        self.explicit = explicit
        self.explicit_folded = {name.casefold(): target for name, target in explicit.items()}
        self.unmapped_as_fields = unmapped_as_fields
        self.unmapped: list[str] = []
        self._cache: dict[str, Target] = {}

    def target(self, column: str) -> Target:
        found = self._cache.get(column)
        if found is None:
            found = self._cache[column] = self._resolve(column)
        return found

    def _resolve(self, column: str) -> Target:
        name = column.strip()
        explicit = self.explicit.get(name) or self.explicit_folded.get(name.casefold())
        if explicit is not None:
            return explicit
        guessed = guess_target(name)
        if guessed is not None:
            return guessed
        if not name:
            return SKIPPED
        if self.unmapped_as_fields:
            return Target("field", clean_field_name(name))
        self.unmapped.append(name)
        return SKIPPED

    def check_header(self, header: Sequence[str]) -> list[Target]:
        """The targets of a file's columns; ``Invalid`` if the map names a missing column."""
        present = {name.strip() for name in header} | {name.strip().casefold() for name in header}
        missing = [name for name in self.explicit if name not in present]
        missing = [name for name in missing if name.casefold() not in present]
        if missing:
            raise Invalid.field(
                "map", f"the file has no column {', '.join(repr(m) for m in missing)}"
            )
        return [self.target(name) for name in header]

    def uses(self, kind: str) -> bool:
        return any(target.kind == kind for target in self._cache.values())
