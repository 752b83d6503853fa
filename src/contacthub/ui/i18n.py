"""The page's language: Russian unless the person asks for English, and their numbers and dates.

    ?lang switch (cookie) > Accept-Language (the first of ru/en the browser prefers) > Russian

Messages are written in English in the templates and code (``_("Contacts")``); ``i18n/ru.json``
holds their Russian. A message missing from it shows in English (a test checks that every
message the templates use has its Russian). Dates and numbers are formatted by Babel (CLDR) in
the page's locale: 07.12.2026, 14:05 and 1 000 000 in Russian; 12/7/26, 2:05 PM and 1,000,000
in English. Keys such as ``field.name`` (a column's label) have their English in ``en.json``.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from babel.dates import format_datetime
from babel.numbers import format_decimal
from litestar import Request
from litestar.datastructures import State

Locale = Literal["ru", "en"]
LOCALES: tuple[Locale, ...] = ("ru", "en")
DEFAULT: Locale = "ru"
LANG_COOKIE = "contacthub_lang"
CATALOGS = Path(__file__).parent / "i18n"


@cache
def catalog(locale: Locale) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGS / f"{locale}.json").read_text("utf-8"))
    return loaded


def _chosen(value: str | None) -> Locale | None:
    for locale in LOCALES:
        if value == locale:
            return locale
    return None


def from_accept_language(header: str | None) -> Locale:
    """The first language of ours the browser prefers (by q), else Russian."""
    best: tuple[float, int, Locale] | None = None
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        language = _chosen(tag.strip().lower().split("-")[0])
        if language is None:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, language)
    return best[2] if best is not None else DEFAULT


def locale_of(request: Request[Any, Any, State]) -> Locale:
    chosen = _chosen(request.cookies.get(LANG_COOKIE))
    return chosen or from_accept_language(request.headers.get("accept-language"))


class Translator:
    """``_`` in the templates: a message in the page's language, with its numbers and dates."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        self._messages = catalog(locale)

    def __call__(self, message: str, **values: object) -> str:
        text = self._messages.get(message, message)
        return text.format(**values) if values else text

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.locale)

    def when(self, value: datetime | None) -> str:
        if value is None:
            return ""
        return format_datetime(value, "short", locale=self.locale, tzinfo=value.tzinfo)
