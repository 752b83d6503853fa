"""Every message the pages show has its Russian (the default language), and the choice of
language, numbers and dates follow the reader's locale."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contacthub.core.bulk.contacts_batch import DEDUPE_CHOICES
from contacthub.core.bulk.jobs import DONE, FAILED, QUEUED, RUNNING
from contacthub.core.contacts.model import TEXT_COLUMNS
from contacthub.ui import i18n
from contacthub.ui.errors import TITLES
from contacthub.ui.history import CONTACT_EVENTS, OTHER_FIELDS
from contacthub.ui.i18n import Translator, catalog, from_accept_language
from contacthub.ui.routes.catalog import KINDS
from contacthub.ui.routes.imports import TARGETS

TEMPLATES = Path(i18n.__file__).parent / "templates"
SOURCES = Path(i18n.__file__).parent / "routes"
LITERAL = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')\s*[,)]""")
# Messages named by a prefix and a value: every value they can take.
KEYED = [
    *(f"field.{name}" for name in TEXT_COLUMNS),
    *(f"target.{name}" for name in TARGETS if name not in TEXT_COLUMNS),
    *(f"status.{name}" for name in (QUEUED, RUNNING, DONE, FAILED)),
    *(f"dedupe.{name}" for name in DEDUPE_CHOICES),
    *(f"event.{kind}" for kind in CONTACT_EVENTS),
    *(f"field.{name}" for name in OTHER_FIELDS),
]


def _messages() -> set[str]:
    found: set[str] = set()
    for path in [*TEMPLATES.glob("*.html"), *SOURCES.glob("*.py")]:
        for match in LITERAL.finditer(path.read_text("utf-8")):
            found.add(match.group(1) or match.group(2))
    found |= set(TITLES.values()) | {kind.title for kind in KINDS} | {kind.note for kind in KINDS}
    # The sign-in form's complaints, passed to its template by name.
    found |= set(re.findall(r'error="([^"]+)"', (SOURCES / "auth.py").read_text("utf-8")))
    base = (TEMPLATES / "base.html").read_text("utf-8")
    found |= set(re.findall(r'\("/ui/[a-z]+", "([^"]+)"\)', base))  # the menu
    return found


def test_every_message_has_its_russian() -> None:
    messages = _messages()
    assert len(messages) > 150
    assert "Wrong e-mail or password." in messages
    missing = sorted(messages - catalog("ru").keys())
    assert missing == [], "add these to src/contacthub/ui/i18n/ru.json"


def test_every_keyed_message_has_its_russian_and_english() -> None:
    assert [key for key in KEYED if key not in catalog("ru")] == []
    assert [key for key in KEYED if key not in catalog("en")] == []


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "ru"),
        ("", "ru"),
        ("en", "en"),
        ("en-GB,en;q=0.8", "en"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("de-DE,de;q=0.9,en;q=0.5,ru;q=0.4", "en"),
        ("fr,ru;q=0.2", "ru"),
        ("en;q=0,ru;q=0.1", "ru"),
        ("en;q=bogus", "ru"),
    ],
)
def test_the_language_from_accept_language(header: str | None, locale: str) -> None:
    assert from_accept_language(header) == locale


def test_numbers_and_dates_in_the_readers_locale() -> None:
    when = datetime(2026, 12, 7, 14, 5, tzinfo=UTC)
    russian, english = Translator("ru"), Translator("en")
    assert russian.number(1_000_000).replace("\xa0", " ") == "1 000 000"
    assert english.number(1_000_000) == "1,000,000"
    assert russian.when(when) == "07.12.2026, 14:05"
    assert english.when(when).replace("\u202f", " ") == "12/7/26, 2:05 PM"
    assert russian.when(None) == ""
