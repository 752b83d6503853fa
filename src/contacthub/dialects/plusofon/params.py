"""Reading Plusofon requests: the JSON body, paging parameters and a list's fields.

The vendor is a Laravel app, so a wrong request answers every wrong field at once, keyed the
Laravel way (``contacts.3.phones.0``), with Laravel's Russian messages. Parameters are read as
Laravel's ``$request->input()`` reads them: the JSON body first, then the query string (the vendor
takes filters in a JSON body even on GET).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import msgspec
from litestar.exceptions import ClientException

from contacthub.core import json_input, lists
from contacthub.core.pagination import MAX_LIMIT
from contacthub.dialects.http import AnyRequest
from contacthub.errors import Invalid

DEFAULT_PER_PAGE = 15  # the vendor's example answer
MAX_PER_PAGE = MAX_LIMIT
# OFFSET must stay within a 64-bit integer whatever the page size.
MAX_PAGE = 1_000_000_000
# A 100,000-number list with every number wrong must not answer 100,000 messages.
MAX_REPORTED_FIELDS = 100


class ListInput(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    type: str
    # None: the request has no "contacts" key.
    contacts: list[lists.EntryDraft] | None
    # Where each draft and each of its phones was in the request (items that are not an entry
    # or not a number are left out of the drafts): the core's field names are the drafts'.
    origins: list[tuple[int, list[int]]] = msgspec.field(default_factory=list)


class FieldErrors:
    """Collects Laravel-style field errors; ``check`` raises them as one ``Invalid``."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.total = 0
        self.first = ""
        self.named: set[str] = set()  # every field with an error, listed or not

    def add(self, field: str, message: str) -> None:
        if not self.total:
            self.first = message
        self.total += 1
        self.named.add(field)
        if field in self.fields or len(self.fields) < MAX_REPORTED_FIELDS:
            self.fields.setdefault(field, []).append(message)

    def error(self) -> Invalid | None:
        if not self.total:
            return None
        more = f" (и ещё ошибок: {self.total - 1})" if self.total > 1 else ""
        return Invalid(self.first + more, fields=self.fields, code="validation_failed")

    def check(self) -> None:
        error = self.error()
        if error is not None:
            raise error


async def read_json_object(request: AnyRequest) -> dict[str, Any]:
    """The body as a JSON object; an empty body is ``{}``."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        value = json_input.decode(raw)
    except json_input.TooDeep:
        raise Invalid(
            f"Тело запроса вложено глубже {json_input.MAX_DEPTH} уровней", code="malformed_json"
        ) from None
    except msgspec.DecodeError:
        content_type = request.headers.get("content-type", "").lower()
        if content_type and "json" not in content_type:
            raise ClientException(
                "Тело запроса должно быть JSON с заголовком Content-Type: application/json",
                status_code=415,
            ) from None
        # fetch() sends a plain object as the text "[object Object]" (the vendor's JS example).
        raise Invalid(
            "Тело запроса не является корректным JSON"
            " (в JavaScript передайте body: JSON.stringify(body))",
            code="malformed_json",
        ) from None
    if not isinstance(value, dict):
        raise Invalid("Тело запроса должно быть JSON-объектом", code="malformed_json")
    return value


def _parameter(name: str, query: Mapping[str, str], body: Mapping[str, Any]) -> object:
    return body[name] if name in body else query.get(name)


def _whole_number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return int(text)
    return None


def page_request(query: Mapping[str, str], body: Mapping[str, Any]) -> tuple[int, int, bool]:
    """``(page, per_page, per_page_was_given)`` from the query string or the JSON body."""
    errors = FieldErrors()
    numbers: dict[str, int | None] = {}
    for name, low, high in (("page", 1, MAX_PAGE), ("per_page", 1, MAX_PER_PAGE)):
        raw = _parameter(name, query, body)
        if raw is None:
            numbers[name] = None
            continue
        number = _whole_number(raw)
        if number is None:
            errors.add(name, f"Поле {name} должно быть целым числом.")
        elif number < low:
            errors.add(name, f"Значение поля {name} должно быть не меньше {low}.")
        elif number > high:
            errors.add(name, f"Значение поля {name} не может быть больше {high}.")
        numbers[name] = number
    errors.check()
    per_page = numbers["per_page"]
    return numbers["page"] or 1, per_page or DEFAULT_PER_PAGE, per_page is not None


def _text(errors: FieldErrors, field: str, value: object, max_length: int) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.add(field, f"Поле {field} обязательно для заполнения.")
        return ""
    if not isinstance(value, str):
        errors.add(field, f"Поле {field} должно быть строкой.")
        return ""
    if len(value.strip()) > max_length:
        errors.add(field, f"Количество символов в поле {field} не может превышать {max_length}.")
    return value.strip()


def _phones(errors: FieldErrors, field: str, value: object) -> tuple[list[str], list[int]]:
    """The numbers of an entry, and where each was in the request's list."""
    if value is None:
        errors.add(field, f"Поле {field} обязательно для заполнения.")
        return [], []
    if not isinstance(value, list):
        errors.add(field, f"Поле {field} должно быть массивом.")
        return [], []
    if not value:
        errors.add(field, f"Поле {field} обязательно для заполнения.")
    elif len(value) > lists.MAX_ENTRY_PHONES:
        errors.add(
            field,
            f"Количество элементов в поле {field} не может превышать {lists.MAX_ENTRY_PHONES}.",
        )
    phones: list[str] = []
    places: list[int] = []
    for j, phone in enumerate(value):
        where = f"{field}.{j}"
        # Numbers sent as JSON numbers (79998887766) are read as their digits.
        if isinstance(phone, int) and not isinstance(phone, bool) and phone > 0:
            phones.append(str(phone))
            places.append(j)
        elif isinstance(phone, str) and phone.strip():
            phones.append(phone)
            places.append(j)
        elif isinstance(phone, str) or phone is None:
            errors.add(where, f"Поле {where} обязательно для заполнения.")
        else:
            errors.add(where, f"Поле {where} должно быть строкой.")
    return phones, places


def _contacts(
    errors: FieldErrors, value: object
) -> tuple[list[lists.EntryDraft], list[tuple[int, list[int]]]]:
    if not isinstance(value, list):
        errors.add("contacts", "Поле contacts должно быть массивом.")
        return [], []
    drafts = []
    origins = []
    for i, contact in enumerate(value):
        where = f"contacts.{i}"
        if not isinstance(contact, dict):
            errors.add(where, f"Поле {where} должно быть объектом с полями name и phones.")
            continue
        name = _text(errors, f"{where}.name", contact.get("name"), lists.MAX_ENTRY_NAME_LENGTH)
        phones, places = _phones(errors, f"{where}.phones", contact.get("phones"))
        drafts.append(lists.EntryDraft(name=name, phones=phones))
        origins.append((i, places))
    return drafts, origins


def list_input(body: Mapping[str, Any]) -> tuple[ListInput, FieldErrors]:
    """A list's name, type and contacts from a POST or PUT body, and every wrong field found
    so far: the numbers are checked after, outside the event loop (``entry_errors``), and the
    answer names both kinds at once."""
    errors = FieldErrors()
    name = _text(errors, "name", body.get("name"), lists.MAX_LIST_NAME_LENGTH)
    kind = body.get("type")
    if kind is None or kind == "":
        errors.add("type", "Поле type обязательно для заполнения.")
    elif not isinstance(kind, str):
        errors.add("type", "Поле type должно быть строкой.")
    elif kind not in lists.LIST_TYPES:
        errors.add(
            "type",
            f"Выбранное значение для type некорректно (возможные: {', '.join(lists.LIST_TYPES)}).",
        )
    contacts, origins = _contacts(errors, body["contacts"]) if "contacts" in body else (None, [])
    chosen = ListInput(
        name=name, type=kind if isinstance(kind, str) else "", contacts=contacts, origins=origins
    )
    return chosen, errors


# The core names an entry's fields by the drafts' places: contacts.3.name, contacts.3.phones.0.
_ENTRY_FIELD = re.compile(r"contacts\.(\d+)(\.phones(?:\.(\d+))?|\.name)?")


def entry_errors(errors: FieldErrors, data: ListInput, error: Invalid) -> None:
    """The core's refusals of the entries, named by their places in the request and in the
    vendor's words. Every refused number is added; another refusal only for an entry the
    request's own checks passed (they already said what is wrong with the others)."""
    flagged = {int(m[1]) for named in errors.named if (m := _ENTRY_FIELD.match(named))}
    for field, messages in error.fields.items() or [("contacts", [error.message])]:
        match = _ENTRY_FIELD.fullmatch(field)
        if match is None or int(match[1]) >= len(data.origins):
            if field not in errors.named:
                errors.add(field, messages[0])
            continue
        index, places = data.origins[int(match[1])]
        entry = f"contacts.{index}"
        if match[3] is not None:
            where = f"{entry}.phones.{places[int(match[3])]}"
            if where not in errors.named:
                errors.add(where, f"Поле {where} должно быть действительным номером телефона.")
            continue
        if index in flagged:
            continue
        where = entry + (match[2] or "")
        for message in messages:
            errors.add(where, message.replace(field, where))


def login_input(body: Mapping[str, Any]) -> tuple[str, str]:
    """``(email, password)`` of a login body; both are required strings."""
    errors = FieldErrors()
    found: list[str] = []
    for field in ("email", "password"):
        value = body.get(field)
        if value is None or value == "":
            errors.add(field, f"Поле {field} обязательно для заполнения.")
        elif not isinstance(value, str):
            errors.add(field, f"Поле {field} должно быть строкой.")
        found.append(value if isinstance(value, str) else "")
    errors.check()
    return found[0], found[1]
