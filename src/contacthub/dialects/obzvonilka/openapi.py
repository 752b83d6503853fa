"""Obzvonilka's OpenAPI document (/openapi/obzvonilka.json): its key, its parameters, its Rails
errors. Paths, verbs and success schemas come from the router and the handlers
(dialects.vendor_docs); this says what the handlers read by hand (routes/*.py, params.py).

    credential   ?api_key= or X-API-KEY (security schemes), api_key in a form or JSON body (a
                 field of every body), Authorization: Bearer — auth.py's order
    bodies       a form (urlencoded or multipart) of ``contact[name]``, ``contact[phone1]``... or
                 JSON ``{"contact": {...}}``. The query string is read too, but its ``contact``
                 replaces the body's whole (Rails' merge: the query wins per top-level key), so
                 it is not documented beside the body: a request with both would lose the body
    errors       RailsStatus (400, 404, 413, 503), RailsMessage (401, 403, 429), RailsErrors
                 (422): schemas.py's Structs, the ones errors.py renders
"""

from __future__ import annotations

from typing import Any

from contacthub.dialects.obzvonilka import schemas as wire
from contacthub.dialects.obzvonilka.auth import API_KEY_HEADER
from contacthub.dialects.vendor_docs import Operation, Param, VendorDoc

_ATTRIBUTES = (*wire.TEXT_ATTRIBUTES, *wire.PHONE_ATTRIBUTES, *wire.REMARK_ATTRIBUTES)
_VALUE: dict[str, Any] = {"type": ["string", "null"], "description": "Blank or null clears."}
# A record id as Rails reads the segment: digits, ``.json`` or not; anything else is its 404.
_ID = {"type": "string", "pattern": r"^[0-9]{1,19}(\.json)?$", "examples": ["1.json"]}
_BASE = {"base_ref": Param("base_ref", _ID, "The contact base's id (`1` or `1.json`).")}
_IN_BASE = {**_BASE, "contact_ref": Param("contact_ref", _ID, "The contact's id.")}
_NOT_FOUND = {404: "No such record in this organization (another organization's too)."}
_WRITE_ERRORS = {
    **_NOT_FOUND,
    400: "No `contact` parameter (`param is missing or the value is empty: contact`), or a body "
    "that cannot be read.",
    422: "Invalid attributes, each named: a phone no number of its region can be, a non-text "
    "value, a phone another contact of the base has.",
}
_FORM = tuple(Param(f"contact[{name}]", {"type": "string"}) for name in _ATTRIBUTES)
_JSON = (
    Param(
        "contact",
        {
            "type": "object",
            "minProperties": 1,
            "properties": dict.fromkeys(_ATTRIBUTES, _VALUE),
        },
        "The attributes to set (unknown ones are ignored).",
        required=True,
    ),
)
_REPORT = (Param("phone", {"type": "string"}, "A phone number in any format.", required=True),)
_REPORT_ERRORS = {422: '`{"errors": {"phone": [...]}}`: blank, or not a phone number.'}
# A multipart form carries the same fields (params.py reads both kinds of form).
_CONTACT_BODIES = {
    "application/x-www-form-urlencoded": _FORM,
    "multipart/form-data": _FORM,
    "application/json": _JSON,
}

OBZVONILKA_DOC = VendorDoc(
    title="Obzvonilka",
    description=(
        "The auto-dialer's Rails API as contacthub answers it. The `.json` suffix may be left "
        "out. The key: `?api_key=`, `api_key` in the body, the `X-API-KEY` header, or "
        "`Authorization: Bearer <key>`."
    ),
    security_schemes={
        "api_key": {"type": "apiKey", "in": "query", "name": "api_key"},
        "x_api_key": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER},
        "bearer": {"type": "http", "scheme": "bearer", "description": "The same key."},
    },
    security=[{"api_key": []}, {"x_api_key": []}, {"bearer": []}],
    error=wire.RailsStatus,
    error_by_status={
        401: wire.RailsMessage,
        403: wire.RailsMessage,
        422: wire.RailsErrors,
        429: wire.RailsMessage,
    },
    errors={
        400: "Parameters that cannot be read (not UTF-8, a NUL character).",
        401: '`{"error": "Invalid API key"}`, or that the key is required.',
        403: "A key that may not do this.",
        429: "Past the rate limit (`Retry-After`).",
        503: "The database did not answer in time.",
    },
    body_errors={413: "The body is larger than the server accepts."},
    body_params=(Param("api_key", {"type": "string"}, "The key (or in the query or a header)."),),
    body_media_types=(
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/json",
    ),
    operations={
        "/api/contact_bases.json": Operation(),
        "/api/contact_bases": Operation(),
        "/api/contact_bases/{base_ref:str}": Operation(errors=_NOT_FOUND, path=_BASE),
        "/api/contact_bases/{base_ref:str}/contacts.json": Operation(
            errors=_WRITE_ERRORS,
            path=_BASE,
            bodies=_CONTACT_BODIES,
            success=list[wire.ContactOut],
        ),
        "/api/contact_bases/{base_ref:str}/contacts": Operation(
            errors=_WRITE_ERRORS,
            path=_BASE,
            bodies=_CONTACT_BODIES,
            success=list[wire.ContactOut],
        ),
        "/api/contact_bases/{base_ref:str}/contacts/{contact_ref:str}": Operation(
            errors=_WRITE_ERRORS, path=_IN_BASE, bodies=_CONTACT_BODIES
        ),
        "/api/contact_bases/{base_ref:str}/contacts/find_by_external/{code:str}": Operation(
            errors=_NOT_FOUND,
            path={**_BASE, "code": Param("code", {"type": "string"}, "The external code.")},
        ),
        "/api/users.json": Operation(),
        "/api/users": Operation(),
        "/api/users/{user_ref:str}": Operation(
            errors=_NOT_FOUND, path={"user_ref": Param("user_ref", _ID, "The user's id.")}
        ),
        "/api/report/contacts.json": Operation(_REPORT, _REPORT_ERRORS),
        "/api/report/contacts": Operation(_REPORT, _REPORT_ERRORS),
    },
)
