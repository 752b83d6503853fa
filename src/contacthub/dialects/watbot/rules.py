"""Laravel-style validation of a Watbot request, with the Russian messages its 422 body carries.

``Rules`` reads parameters, collects every problem (as Laravel's validator does, not only the
first) and ``check()`` raises one ``Invalid`` that errors.py renders as

    422 {"message": "The given data was invalid.",
         "errors": {"contact_id": ["Поле contact id обязательно для заполнения."]}}

As in Laravel (TrimStrings, ConvertEmptyStringsToNull), text is trimmed and an empty string
counts as missing; a variable's ``value`` is the one exception (an empty value is a value).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from contacthub.core.ids import MAX_ID, MIN_ID
from contacthub.errors import Invalid

INVALID_DATA = "The given data was invalid."
# ASCII digits only (\d also matches "١٢٣"), and no more than int() converts (4,300); the bounds
# below keep the number within the databases' 64-bit columns.
_INTEGER = re.compile(r"[+-]?[0-9]{1,4300}")


def attribute(name: str) -> str:
    """How Laravel names a parameter in a message: ``contact_id`` is "contact id"."""
    return name.replace("_", " ").replace(".", " ")


class Rules:
    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = params
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def present(self, name: str) -> bool:
        value = self.params.get(name)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def _missing(self, name: str, required: bool) -> bool:
        if self.present(name):
            return False
        if required:
            self.fail(name, f"Поле {attribute(name)} обязательно для заполнения.")
        return True

    def require_one(self, first: str, second: str) -> bool:
        """Laravel's ``required_without``: answers whether one of the two was sent."""
        if self.present(first) or self.present(second):
            return True
        self.fail(
            first,
            f"Поле {attribute(first)} обязательно для заполнения, "
            f"когда {attribute(second)} не указано.",
        )
        return False

    def required_if(self, name: str, other: str, value: str, *, when: bool) -> None:
        """Laravel's ``required_if``: ``name`` must be sent when ``other`` is ``value``."""
        if when and not self.present(name) and name not in self.errors:
            self.fail(
                name,
                f"Поле {attribute(name)} обязательно для заполнения, "
                f"когда {attribute(other)} равно {value}.",
            )

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int = MAX_ID,
    ) -> int | None:
        if self._missing(name, required):
            return None
        value = self.params[name]
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            number = int(value.strip())
        if number is None:
            self.fail(name, f"Значение поля {attribute(name)} должно быть целым числом.")
            return None
        if minimum is None:
            minimum = MIN_ID
        if number < minimum:
            self.fail(name, f"Значение поля {attribute(name)} должно быть не меньше {minimum}.")
            return None
        if number > maximum:
            self.fail(name, f"Значение поля {attribute(name)} не может быть больше {maximum}.")
            return None
        return number

    def text(
        self, name: str, *, required: bool = False, max_length: int = 255, keep_empty: bool = False
    ) -> str | None:
        value = self.params.get(name)
        if keep_empty and isinstance(value, str):
            text = value
        else:
            if self._missing(name, required):
                return None
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                self.fail(name, f"Значение поля {attribute(name)} должно быть строкой.")
                return None
            text = value.strip() if isinstance(value, str) else str(value)
        if len(text) > max_length:
            self.fail(
                name,
                f"Количество символов в поле {attribute(name)} не может превышать {max_length}.",
            )
            return None
        return text

    def email(self, name: str) -> str | None:
        text = self.text(name, max_length=320)
        if text is None:
            return None
        local, at, domain = text.rpartition("@")
        if not (at and local and domain) or any(ch.isspace() for ch in text):
            self.fail(
                name,
                f"Значение поля {attribute(name)} должно быть действительным электронным адресом.",
            )
            return None
        return text

    def boolean(self, name: str) -> bool | None:
        if self._missing(name, False):
            return None
        value = self.params[name]
        if isinstance(value, str):
            value = value.strip().lower()
        if value in (True, 1, "1", "true"):
            return True
        if value in (False, 0, "0", "false"):
            return False
        self.fail(name, f"Значение поля {attribute(name)} должно быть логического типа.")
        return None

    def choice(self, name: str, options: Iterable[str], *, required: bool = False) -> str | None:
        text = self.text(name, required=required)
        if text is None:
            return None
        if text not in options:
            self.fail(name, f"Выбранное значение для {attribute(name)} ошибочно.")
            return None
        return text

    def strings(self, name: str, *, max_length: int = 255) -> list[str] | None:
        """A list: a JSON array, PHP's ``name[]=..`` or one plain value."""
        if self._missing(name, False):
            return None
        value = self.params[name]
        items = list(value.values()) if isinstance(value, dict) else value
        if not isinstance(items, list):
            items = [items]
        result: list[str] = []
        for index, item in enumerate(items):
            inner = Rules({f"{name}.{index}": item})
            text = inner.text(f"{name}.{index}", max_length=max_length)
            self.errors.update(inner.errors)
            if text:
                result.append(text)
        return result

    def mapping(self, name: str) -> dict[str, Any]:
        """A PHP array or JSON object of named parameters (``filters[telegram_id]=...``)."""
        if self._missing(name, False):
            return {}
        value = self.params[name]
        if not isinstance(value, dict):
            self.fail(name, f"Значение поля {attribute(name)} должно быть массивом.")
            return {}
        return value

    def check(self) -> None:
        if self.errors:
            raise Invalid(INVALID_DATA, fields=self.errors)
