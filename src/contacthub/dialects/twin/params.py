"""Request bodies and query strings -> TWIN's request shapes. Pure.

Malformed JSON is a 400; JSON that does not fit the shape (a missing field, a number where a
string belongs) is a 422 naming the field, as the vendor's statuses suggest.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from contacthub.core import json_input
from contacthub.errors import Invalid

T = TypeVar("T")

# msgspec says where a value went wrong as "... - at `$.field`" or names a missing field.
_AT = re.compile(r"^(?P<text>.*) - at `\$\.?(?P<path>[^`]*)`$")
_MISSING = re.compile(r"missing required field `(?P<path>[^`]+)`")


def _shape_error(error: msgspec.ValidationError) -> Invalid:
    message = str(error)
    found = _AT.match(message)
    if found:
        path, text = found["path"] or "body", found["text"]
        return Invalid(f"invalid {path}: {text[:1].lower()}{text[1:]}", fields={path: [text]})
    missing = _MISSING.search(message)
    if missing:
        path = missing["path"]
        return Invalid(f"{path} is required", fields={path: [f"{path} is required"]})
    return Invalid(message, fields={"body": [message]})


def json_object(raw: bytes) -> dict[str, object]:
    """The JSON object of a request body (an empty body is an empty object)."""
    if not raw.strip():
        return {}
    try:
        data = json_input.decode(raw)
    except json_input.TooDeep as error:
        raise Invalid(str(error), code="bad_request") from None
    except msgspec.DecodeError:
        raise Invalid("the request body is not valid JSON", code="bad_request") from None
    if not isinstance(data, dict):
        raise Invalid("the request body must be a JSON object", code="bad_request")
    return data


_INTEGER_FIELDS: dict[type[Any], frozenset[str]] = {}


def _integer_fields(kind: type[Any]) -> frozenset[str]:
    """The fields of a Struct that take an integer and no other number (``ttl``, ``companyId``)."""
    found = _INTEGER_FIELDS.get(kind)
    if found is None:
        found = frozenset(
            info.encode_name
            for info in msgspec.structs.fields(kind)
            if int in (typing.get_args(info.type) or (info.type,))
            and float not in (typing.get_args(info.type) or (info.type,))
        )
        _INTEGER_FIELDS[kind] = found
    return found


def _whole(value: object) -> object:
    # JSON Schema's integer (the OpenAPI document's) is any number without a fraction: 3600.0
    # is 3600, as some encoders write it; 1.5 stays a float, which the field refuses (422).
    return int(value) if isinstance(value, float) and value.is_integer() else value


def convert(data: Mapping[str, object], kind: type[T], *, strict: bool = True) -> T:
    """``data`` as a ``kind``; ``strict=False`` lets query strings' texts become numbers."""
    integers = _integer_fields(kind)
    data = {key: _whole(value) if key in integers else value for key, value in data.items()}
    try:
        return msgspec.convert(data, kind, strict=strict)
    except msgspec.ValidationError as error:
        raise _shape_error(error) from None


def decode(raw: bytes, kind: type[T]) -> T:
    return convert(json_object(raw), kind)
