"""Plusofon's OpenAPI document (/openapi/plusofon.json): its two credentials, its parameters, its
``{"success": false, ...}`` errors. Paths, verbs and success schemas come from the router and the
handlers (dialects.vendor_docs); this says what the handlers read by hand (routes/, params.py).

    credentials  the ``Client`` header (the application's code) and ``Authorization: Bearer``
                 (an API token or a login's token), both on every call (auth.py); the login
                 takes ``Client`` only, with e-mail and password in JSON
    bodies       JSON only (params.read_json_object)
    errors       Failure (schemas.py), the Struct errors.py renders every error from
"""

from __future__ import annotations

from typing import Any

from contacthub.core import lists
from contacthub.dialects.native.wire_rules import NOT_BLANK, NUL
from contacthub.dialects.plusofon import schemas as wire
from contacthub.dialects.plusofon.errors import LOGIN_PATH, PREFIX
from contacthub.dialects.plusofon.params import MAX_PAGE, MAX_PER_PAGE
from contacthub.dialects.vendor_docs import Operation, Param, VendorDoc


def _text(max_length: int) -> dict[str, Any]:
    """params._text: required, not blank, no NUL (the core's), at most ``max_length``."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "pattern": NOT_BLANK,
        "not": {"pattern": NUL},
    }


_FILLED = {"type": "string", "minLength": 1}  # params.login_input: "" is a 400
# routes/lists._list_id: ASCII digits (anything else, or past 64 bits, is a list not found).
_LIST_ID = {
    "list_id": Param(
        "list_id", {"type": "string", "pattern": "^[0-9]+$", "examples": ["1"]}, "The list's id."
    )
}
_NOT_FOUND = {404: '`{"success": false, "error": "Список контактов не найден"}`.'}
_INVALID = {
    400: "Wrong parameters: `message` and, per field, `errors` (a number that cannot be one, a "
    "list type that does not exist, a body that is not a JSON object); a missing or unknown "
    "`Client` header."
}
_CONTACT = {
    "type": "object",
    "required": ["name", "phones"],  # params._contacts: a name is required (not blank)
    "properties": {
        "name": _text(lists.MAX_ENTRY_NAME_LENGTH),
        "phones": {
            "type": "array",
            "items": {"type": "string", "pattern": NOT_BLANK},
            "minItems": 1,
            "maxItems": lists.MAX_ENTRY_PHONES,
        },
    },
}
_LIST = (
    Param("name", _text(lists.MAX_LIST_NAME_LENGTH), "The list's name.", required=True),
    Param("type", {"type": "string", "enum": list(lists.LIST_TYPES)}, "", required=True),
    Param("contacts", {"type": "array", "items": _CONTACT}, "Its contacts (PUT: kept if absent)."),
)
_LIST_BODY = {"application/json": _LIST}

PLUSOFON_DOC = VendorDoc(
    title="Plusofon",
    description=(
        "Plusofon's contact lists (black and white) as contacthub answers them. Every call "
        "carries the `Client` header (the application's code, `10553`) and `Authorization: "
        "Bearer` with an API token or the token of `POST /api/v1/login`."
    ),
    security_schemes={
        "client": {
            "type": "apiKey",
            "in": "header",
            "name": "Client",
            "description": "The application's code (`10553`).",
        },
        "bearer": {"type": "http", "scheme": "bearer", "description": "An API or login token."},
    },
    security=[{"client": [], "bearer": []}],
    error=wire.Failure,
    errors={
        **_INVALID,
        401: "No token, or an unknown, revoked or expired one (`WWW-Authenticate: Bearer`).",
        403: '`{"success": false, "message": "Недостаточно прав"}`.',
        429: "Past the rate limit (`Retry-After`).",
        503: "The database did not answer in time.",
    },
    body_errors={413: "The body is larger than the server accepts."},
    body_media_types=("application/json",),
    operations={
        PREFIX: Operation(
            (
                Param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
                Param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
            ),
            {409: "Taken: a list of that name."},
            bodies=_LIST_BODY,
        ),
        f"{PREFIX}/types": Operation(),
        f"{PREFIX}/{{list_id:str}}": Operation(
            errors={**_NOT_FOUND, 409: "Taken: a list of that name."},
            bodies=_LIST_BODY,
            path=_LIST_ID,
        ),
        LOGIN_PATH: Operation(
            (
                Param("email", _FILLED, "A user's e-mail.", required=True),
                Param("password", _FILLED, "The user's password.", required=True),
            ),
            {401: '`{"success": false, "message": "Неверный email или пароль"}`.'},
            security=[{"client": []}],
        ),
    },
)
