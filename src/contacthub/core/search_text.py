"""What ``q`` looks in: one folded text a contact, ``contacts.search_text``, under a trigram index
(FTS5 on SQLite, pg_trgm on PostgreSQL; migrations 0009, 0010 and 0015).

    "  name  words\\n  e-mail\\n  external code\\n  each phone's digits\\n  each field value"

Every word follows two spaces: "a word that starts with петр" is the substring "  петр", which
the trigram index finds as it finds any other (a page of ``q`` gives such matches first:
core.contacts.reads), and so is "a word that starts with п", "  п".

Folded (``fold``): case-folded and ё as е, so "ЁЛКИН", "елкин" and "Ёлкин" find each other. A
phone is there as the digits of its E.164 form, so a fragment of seven digits finds its contact
whatever way the number was written. A write that changes any of these parts calls ``refresh``
for the contacts it touched, in its own unit of work (the text never lags the row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from contacthub.core.scope import Scope
from contacthub.db.database import expand_in


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def folded_email(email: str | None) -> str | None:
    """``contacts.email_folded``: what GET /duplicates groups e-mails by (NULL without one)."""
    return fold(email) if email else None


# A text of digits and what people write between them ("+7 (900) 793-16-78", "793 16 78") is
# a phone number or a fragment of one: it is looked for as its digits.
_PHONE_WRITING = re.compile(r"[\d\s()+\-.]+")
_MIN_PHONE_DIGITS = 3


def query_words(text: str) -> list[str]:
    """The words of a ``q``, each of which a contact's text must contain (in any order)."""
    folded = fold(text)
    if _PHONE_WRITING.fullmatch(folded):
        digits = "".join(char for char in folded if char.isdigit())
        if len(digits) >= _MIN_PHONE_DIGITS:
            return [digits]
    return folded.split()


# Two spaces before every word: a word that starts with one letter is then three characters,
# "  и", a trigram the index looks up (with one space, " и", a one-letter search walked every
# contact: about a second at 1M on SQLite; migration 0015).
WORD_GAP = "  "


def search_text(
    name: str | None,
    email: str | None,
    external_code: str | None,
    e164s: Iterable[str] = (),
    values: Iterable[str] = (),
) -> str:
    parts = [name, email, external_code, *(e164.lstrip("+") for e164 in e164s), *values]
    return fold("\n".join(spaced for part in parts if part and (spaced := _spaced(part))))


def _spaced(part: str) -> str:
    return "".join(word_start(word) for word in part.split())


def word_start(word: str) -> str:
    """What a text holds where one of its words starts with ``word``."""
    return f"{WORD_GAP}{word}"


async def refresh(s: Scope, contact_ids: Sequence[int]) -> None:
    """Make the search text of these contacts (of the scope) again from what is stored: three
    reads and one UPDATE for any number of contacts; a text that did not change is not written
    (the trigram index would be rewritten for nothing)."""
    for start in range(0, len(contact_ids), _CHUNK):
        await _refresh(s, contact_ids[start : start + _CHUNK])


_CHUNK = 500


async def _refresh(s: Scope, contact_ids: Sequence[int]) -> None:
    placeholders, params = expand_in("contact", contact_ids)
    rows = await s.fetch_all(
        "SELECT id, name, email, external_code FROM contacts"
        f" WHERE org_id = :org AND id IN {placeholders}",
        **params,
    )
    e164s: dict[int, list[str]] = {row["id"]: [] for row in rows}
    values: dict[int, list[str]] = {row["id"]: [] for row in rows}
    for row in await s.fetch_all(
        "SELECT contact_id, e164 FROM contact_phones"
        f" WHERE +org_id = :org AND contact_id IN {placeholders} ORDER BY contact_id, position",
        **params,
    ):
        e164s[row["contact_id"]].append(row["e164"])
    for row in await s.fetch_all(
        "SELECT contact_id, value FROM field_values"
        f" WHERE org_id = :org AND contact_id IN {placeholders} ORDER BY contact_id, field_id",
        **params,
    ):
        values[row["contact_id"]].append(row["value"])
    await s.execute_many(
        "UPDATE contacts SET search_text = :search, email_folded = :email"
        " WHERE org_id = :org AND id = :id"
        " AND (search_text <> :search OR email_folded IS DISTINCT FROM :email)",
        [
            {
                "id": row["id"],
                "email": folded_email(row["email"]),
                "search": search_text(
                    row["name"],
                    row["email"],
                    row["external_code"],
                    e164s[row["id"]],
                    values[row["id"]],
                ),
            }
            for row in rows
        ],
    )
