"""One record of a file -> a clean ``Prepared`` row, a ``Rejected`` one with its reason, or
``None`` for a blank row. Pure: no database, so it runs in a worker thread while the previous
batch is being written.

Phones are parsed leniently (``strict=False``), as the dialer's own import does: a number the
numbering plan does not know (a new range) is still dialable, while text that is no number, or
no number of its region (``12345``, ``900``: core.phones), rejects the row.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any

from contacthub.core.bulk.columns import BASE, PHONE, SKIP, TAGS, ColumnMap, Target
from contacthub.core.bulk.sources import cell_text
from contacthub.core.contacts.model import MAX_PHONES, TEXT_COLUMNS
from contacthub.core.fields import MAX_VALUE_LENGTH, clean_field_name
from contacthub.core.phones import normalize_phone
from contacthub.core.tags import MAX_TAG_LENGTH
from contacthub.core.validation import optional_email
from contacthub.errors import Invalid

logger = logging.getLogger("contacthub.imports")

_PHONE_SEPARATORS = re.compile(r"[,;|\n]")
_MAX_BASE_NAME = 255


class Prepared:
    """A row ready to write: only non-empty values, all checked. When a batch is planned, it
    also stands for the contact it creates (or, with ``id`` set, changes), and later rows of
    the same contact merge into it."""

    __slots__ = ("base", "fields", "id", "number", "phones", "tags", "values")

    def __init__(self, number: int, contact_id: int | None = None) -> None:
        self.number = number
        self.id = contact_id
        self.values: dict[str, str] = {}
        self.phones: list[tuple[str, str, str | None]] = []  # raw, e164, remark
        self.tags: list[str] = []
        self.fields: dict[str, str] = {}
        self.base: str | None = None

    def is_blank(self) -> bool:
        return not (self.values or self.phones or self.tags or self.fields or self.base)

    def merge(self, row: Prepared) -> None:
        """Take a later row of the same contact: its non-empty values win, the rest adds up."""
        self.values.update(row.values)
        if row.phones:
            known = {e164 for _, e164, _ in self.phones}
            self.phones.extend(phone for phone in row.phones if phone[1] not in known)
        if row.tags:
            self.tags.extend(name for name in row.tags if name not in self.tags)
        self.fields.update(row.fields)
        if row.base is not None:
            self.base = row.base


UNREADABLE_ROW = "this row could not be read (the error is logged)"


def _row_data(values: list[Any] | dict[str, Any]) -> str:
    """A rejected row's data as JSON; a JSON Lines line that was not an object, as written."""
    if isinstance(values, dict) and "\0line" in values:
        return json.dumps(values["\0line"], ensure_ascii=False)
    return json.dumps(values, ensure_ascii=False, default=str)


class Rejected:
    __slots__ = ("data", "number", "reason")

    def __init__(self, number: int, reason: str, data: str) -> None:
        self.number = number
        self.reason = reason
        self.data = data


class RowError(Exception):
    """Why a row cannot be imported (becomes a ``Rejected``)."""


def split_tags(cell: str) -> list[str]:
    # "|" first: an export writes it, and a tag name may hold a comma (see exports.py).
    for separator in ("|", ";", ","):
        if separator in cell:
            return [part.strip() for part in cell.split(separator) if part.strip()]
    return [cell.strip()] if cell.strip() else []


class Preparer:
    """Turns records into rows for one import (one column map, one region)."""

    def __init__(
        self, columns: ColumnMap, header: Sequence[str], region: str, *, need_phone: bool
    ) -> None:
        self.columns = columns
        self.region = region
        self.need_phone = need_phone
        targets = columns.check_header(header) if header else []
        self.plan = [(i, t) for i, t in enumerate(targets) if t.kind != SKIP]

    def prepare(
        self, number: int, values: list[Any] | dict[str, Any]
    ) -> Prepared | Rejected | None:
        row = Prepared(number)
        try:
            if isinstance(values, dict):
                self._fill_from_object(row, values)
            else:
                width = len(values)
                for index, target in self.plan:
                    cell = values[index] if index < width else None
                    if cell:
                        kind = target.kind
                        # The common cells inline: this loop runs for every cell of the file.
                        if kind == PHONE and not _PHONE_SEPARATORS.search(cell):
                            self._add_phone(row, cell, None)
                        elif kind in TEXT_COLUMNS and kind != "email":
                            text = cell.strip()
                            if len(text) > TEXT_COLUMNS[kind]:
                                raise RowError(
                                    f"{kind}: longer than {TEXT_COLUMNS[kind]} characters"
                                )
                            if text:
                                row.values[kind] = text
                        else:
                            self._put(row, target, cell)
            if row.is_blank():
                return None
            if self.need_phone and not row.phones:
                raise RowError("no phone number")
        except RowError as error:
            return Rejected(number, str(error), _row_data(values))
        except Exception:
            # One row the code could not read rejects that row, not the job; the user sees a
            # sentence, the log the traceback.
            logger.exception("import row %s could not be read", number)
            return Rejected(number, UNREADABLE_ROW, _row_data(values))
        return row

    def _put(self, row: Prepared, target: Target, cell: str) -> None:
        text = cell.strip()
        if not text:
            return
        kind = target.kind
        if kind == PHONE:
            parts = _PHONE_SEPARATORS.split(text) if _PHONE_SEPARATORS.search(text) else [text]
            for part in parts:
                self._add_phone(row, part, None)
        elif kind == TAGS:
            for name in split_tags(text):
                self._add_tag(row, name)
        elif kind == "field":
            assert target.field is not None
            self._set_field(row, target.field, text)
        elif kind == BASE:
            if len(text) > _MAX_BASE_NAME:
                raise RowError(f"base: longer than {_MAX_BASE_NAME} characters")
            row.base = text
        else:
            self._set_value(row, kind, text)

    def _set_value(self, row: Prepared, column: str, text: str) -> None:
        if len(text) > TEXT_COLUMNS[column]:
            raise RowError(f"{column}: longer than {TEXT_COLUMNS[column]} characters")
        if column == "email":
            try:
                optional_email(column, text)
            except Invalid as error:
                raise RowError(f"email: {error.message}") from None
        row.values[column] = text

    def _add_phone(self, row: Prepared, raw: str, remark: str | None) -> None:
        number = raw.strip()
        if not number:
            return
        try:
            e164 = normalize_phone(number, self.region, strict=False)
        except Invalid as error:
            raise RowError(f"phone: {error.message}") from None
        if row.phones and any(e164 == known for _, known, _ in row.phones):
            return
        if len(row.phones) >= MAX_PHONES:
            raise RowError(f"more than {MAX_PHONES} phone numbers")
        if remark is not None and len(remark) > 500:
            raise RowError("phone remark: longer than 500 characters")
        row.phones.append((number, e164, remark or None))

    def _add_tag(self, row: Prepared, name: str) -> None:
        if len(name) > MAX_TAG_LENGTH:
            raise RowError(f"tag: longer than {MAX_TAG_LENGTH} characters")
        if name not in row.tags:
            row.tags.append(name)

    def _set_field(self, row: Prepared, name: str, value: str) -> None:
        if len(value) > MAX_VALUE_LENGTH:
            raise RowError(f"field {name!r}: longer than {MAX_VALUE_LENGTH} characters")
        row.fields[name] = value

    def _fill_from_object(self, row: Prepared, record: dict[str, Any]) -> None:
        if "\0error" in record:
            raise RowError(str(record["\0error"]))
        for key, value in record.items():
            if value is None or value == "" or value == [] or value == {}:
                continue
            if key == "fields" and isinstance(value, dict):
                for name, text in value.items():
                    if text is not None and cell_text(text) != "":
                        self._set_field(row, _field_name(name), cell_text(text))
                continue
            target = self.columns.target(key)
            if target.kind == SKIP:
                continue
            items = value if isinstance(value, list) else [value]
            for item in items:
                if target.kind == PHONE and isinstance(item, dict):
                    self._add_phone(row, cell_text(item.get("number")), _remark(item))
                elif isinstance(item, dict | list):
                    raise RowError(f"{key}: expected text, got {type(item).__name__}")
                elif target.kind == TAGS and isinstance(value, list):
                    self._add_tag(row, cell_text(item).strip())
                else:
                    self._put(row, target, cell_text(item))


def _field_name(name: str) -> str:
    try:
        return clean_field_name(name)
    except Invalid as error:
        raise RowError(f"field name: {error.message}") from None


def _remark(item: dict[str, Any]) -> str | None:
    remark = item.get("remark")
    return None if remark is None else cell_text(remark).strip() or None
