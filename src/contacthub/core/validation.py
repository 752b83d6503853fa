"""Small checks the services share. Each raises ``Invalid`` naming the field; ``Problems``
collects them so that one answer names every wrong field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from contacthub.errors import Invalid


def no_nul(field: str, value: str) -> str:
    """Refuse the NUL character: PostgreSQL cannot store it, so neither store takes it."""
    if "\x00" in value:
        raise Invalid.field(field, f"{field} contains a NUL character")
    return value


def _within(field: str, value: str, max_length: int) -> str:
    # Measured as sent, before the ends are trimmed: the length a schema's maxLength counts (the
    # native API's document says it), so a value a client's check passes is one taken here.
    if len(value) > max_length:
        raise Invalid.field(field, f"{field} is longer than {max_length} characters")
    return no_nul(field, value)


def required_text(field: str, value: str | None, *, max_length: int) -> str:
    text = _within(field, value or "", max_length).strip()
    if not text:
        raise Invalid.field(field, f"{field} is required")
    return text


def optional_text(field: str, value: str | None, *, max_length: int) -> str | None:
    """Blank becomes ``None``: an empty form field means "no value", as the vendors treat it."""
    if value is None:
        return None
    return _within(field, value, max_length).strip() or None


def optional_email(field: str, value: str | None) -> str | None:
    text = optional_text(field, value, max_length=320)
    if text is None:
        return None
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or " " in text:
        raise Invalid.field(field, f"{text!r} is not an e-mail address")
    return text


# An input with thousands of wrong values (a 100,000-number list) answers this many fields.
MAX_REPORTED_FIELDS = 100


class Problems:
    """Every wrong field of one input, so that one answer names them all (not the first, then
    the next after the client fixed that one). ``checking()`` runs one check and keeps its
    ``Invalid``; ``check()`` raises them together."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.errors: list[Invalid] = []
        self.total = 0

    def add(self, error: Invalid) -> None:
        self.total += 1
        if len(self.errors) < MAX_REPORTED_FIELDS:
            self.errors.append(error)
        for name, messages in (error.fields or {"": [error.message]}).items():
            if name in self.fields or len(self.fields) < MAX_REPORTED_FIELDS:
                self.fields.setdefault(name, []).extend(messages)

    @contextmanager
    def checking(self, *, as_field: str | None = None) -> Iterator[None]:
        """Keep the ``Invalid`` the block raises; ``as_field`` names the field it is about."""
        try:
            yield
        except Invalid as error:
            if as_field is not None:
                messages = [m for found in error.fields.values() for m in found] or [error.message]
                error = Invalid(error.message, fields={as_field: messages}, code=error.code)
            self.add(error)

    def __bool__(self) -> bool:
        return self.total > 0

    def check(self) -> None:
        if not self.total:
            return
        first = self.errors[0]
        if self.total == 1:
            raise first
        codes = {error.code for error in self.errors}
        message = f"{first.message} (and {self.total - 1} more)"
        raise Invalid(message, fields=self.fields, code=codes.pop() if len(codes) == 1 else None)
