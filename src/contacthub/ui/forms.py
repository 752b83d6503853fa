"""Reading what a page's form or address sends: texts, ids, flags; a bad value is ``Invalid``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contacthub.core.ids import storable, written_id
from contacthub.dialects.http import AnyRequest
from contacthub.errors import Invalid, NotFound

# Catalogs shown in a page's selects: more than this many names make no usable menu.
MENU_LIMIT = 500


async def form_of(request: AnyRequest) -> dict[str, Any]:
    """The form as name -> value; a repeated name keeps its values as a list (``name[]``)."""
    form = await request.form()
    found: dict[str, Any] = {}
    for name in form:
        values = form.getall(name)
        found[name] = values if name.endswith("[]") else values[-1]
    return found


def text(source: Mapping[str, Any], name: str) -> str | None:
    """A field's text, stripped; None when absent or empty."""
    value = source.get(name)
    if value is None or not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def optional_id(source: Mapping[str, Any], name: str) -> int | None:
    """An id chosen in a select or a filter; "" is none."""
    value = text(source, name)
    if value is None:
        return None
    number = written_id(value)
    if number is None or not storable(number):
        raise Invalid.field(name, f"{name} must be an id")
    return number


def path_id(value: str, what: str) -> int:
    """A record's id from the address: anything but a storable id names nothing (404)."""
    number = written_id(value)
    if number is None or not storable(number):
        raise NotFound(f"{what} {value} does not exist")
    return number


def flag(source: Mapping[str, Any], name: str) -> bool | None:
    """A yes/no filter: "yes", "no" or nothing."""
    value = text(source, name)
    if value is None:
        return None
    if value in ("yes", "no"):
        return value == "yes"
    raise Invalid.field(name, f"{name} must be yes or no")
