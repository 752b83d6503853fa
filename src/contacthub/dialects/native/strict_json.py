"""Native JSON bodies are read as strictly as /openapi.json writes them.

Litestar converts a decoded body into the handler's Struct leniently (msgspec ``strict=False``,
which query strings need): ``0`` and ``"true"`` were booleans, ``"5"`` an integer. The document
says boolean and integer, and a client generated from it sends those; a server that takes more
hides a client's bug until another server refuses it. ``NativeRequest`` checks the body against
the handler's body type with ``strict=True`` first, so a wrong JSON type is the 400 every other
shape error is (``errors`` names the field, as Litestar's own message does); a number without a
fraction (``247.0``) is an integer, as JSON Schema says. The vendor dialects keep Litestar's
leniency: their clients send numbers as strings.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.exceptions import ValidationException

from contacthub.dialects.http import HubRequest

_AT = " - at `$"


def _json_numbers(value: Any) -> Any:
    """``247.0`` as ``247``: JSON Schema's integer is any number without a fraction, and some
    encoders (Python's, for a float) write one so. Nothing else is coerced."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _json_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_numbers(item) for item in value]
    return value


def _complaint(error: msgspec.ValidationError) -> dict[str, str]:
    message, _, where = str(error).partition(_AT)
    key = where.rstrip("`").lstrip(".") or "data"
    return {"message": message, "key": key, "source": "body"}


class NativeRequest(HubRequest):
    async def json(self) -> Any:
        value = await super().json()
        body = self.route_handler.parsed_fn_signature.parameters.get("data")
        if body is not None:
            try:
                msgspec.convert(_json_numbers(value), body.annotation, strict=True)
            except msgspec.ValidationError as error:
                raise ValidationException(
                    "the request does not have the expected shape", extra=[_complaint(error)]
                ) from None
        return value
