"""Small checks the services share. Each raises ``Invalid`` naming the field."""

from __future__ import annotations

from contacthub.errors import Invalid


def no_nul(field: str, value: str) -> str:
    """Refuse the NUL character: PostgreSQL cannot store it, so neither store takes it."""
    if "\x00" in value:
        raise Invalid.field(field, f"{field} contains a NUL character")
    return value


def required_text(field: str, value: str | None, *, max_length: int) -> str:
    text = no_nul(field, value or "").strip()
    if not text:
        raise Invalid.field(field, f"{field} is required")
    if len(text) > max_length:
        raise Invalid.field(field, f"{field} is longer than {max_length} characters")
    return text


def optional_text(field: str, value: str | None, *, max_length: int) -> str | None:
    """Blank becomes ``None``: an empty form field means "no value", as the vendors treat it."""
    if value is None:
        return None
    text = no_nul(field, value).strip()
    if not text:
        return None
    if len(text) > max_length:
        raise Invalid.field(field, f"{field} is longer than {max_length} characters")
    return text


def optional_email(field: str, value: str | None) -> str | None:
    text = optional_text(field, value, max_length=320)
    if text is None:
        return None
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or " " in text:
        raise Invalid.field(field, f"{text!r} is not an e-mail address")
    return text
