"""TWIN's OpenAPI document (/openapi/twin.json): its login and token, the client attributes'
bodies and list options, its ``{"error": ...}`` envelope. Paths, verbs and success schemas come
from the router and the handlers (dialects.vendor_docs); this says what the handlers read by hand
(routes/*.py, params.py, listing.py).

    credential   Authorization: Bearer <JWT of POST /api/v1/auth/login> (or an organization's
                 API token; the word Bearer may be left out: auth.py); login and refresh take none
    bodies       JSON only (params.json_object reads the body whatever its content type)
    lists        the SDK's QueryRequest in the query string (listing.py), answered as the wire
                 Structs AttributeList and ClientAttributeList (the handlers build dicts)
    errors       Failure (schemas.py), the Struct errors.py renders every error from
"""

from __future__ import annotations

from typing import Any

from contacthub.core.fields import MAX_FIELD_NAME, MAX_VALUE_LENGTH
from contacthub.core.ids import MAX_ID, MIN_ID
from contacthub.core.sessions import MAX_TTL_SECONDS
from contacthub.dialects.native.wire_rules import NOT_BLANK, NUL, WHITESPACE
from contacthub.dialects.twin import listing, mapping
from contacthub.dialects.twin import schemas as wire
from contacthub.dialects.twin.errors import PREFIX, TOKEN_EXPIRED
from contacthub.dialects.vendor_docs import NO_BODY, Operation, Param, VendorDoc

_UUID: dict[str, Any] = {"type": "string", "format": "uuid"}
_ATTRIBUTE = Param(
    "attribute_id",
    {**_UUID, "examples": ["bf1fee2a-6b1c-4c52-9a43-0c0e970dc544"]},
    "The attribute's id (a UUID; anything else names nothing: 404).",
)
_CLIENT = Param(
    "client_id",
    {**_UUID, "examples": ["35e45a67-0c1f-4a8e-b1d2-9dc052045452"]},
    "The client's id: a contact's UUID (from the native API or another dialect).",
)
# What the core takes of a text (validation.required_text, no_nul), as native's document says it.
_NO_NUL = {"not": {"pattern": NUL}}
_NAME = Param(
    "name",
    {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_FIELD_NAME,
        "pattern": NOT_BLANK,
        **_NO_NUL,
        "examples": ["Имя клиента"],
    },
    "The attribute's name (unique in the company; blank is 422).",
    required=True,
)
_VALUE = Param(
    "value",
    {
        "type": ["string", "number", "boolean"],
        "maxLength": MAX_VALUE_LENGTH,
        **_NO_NUL,
        "examples": ["Иван"],
    },
    'The value: a string, or a number or boolean kept as its text (`42` reads back `"42"`).',
    required=True,
)
_TTL = Param(
    "ttl",
    {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_TTL_SECONDS},
    "Seconds the access token lives (default: a week).",
)
_STORABLE = {"minimum": MIN_ID, "maximum": MAX_ID}  # a stored id's range (core.ids)
# listing.py's texts exactly (the ends trimmed by str.strip, the case of a word ignored), so a
# value the document allows is taken and one it does not is a 400.
_WS = f"[{WHITESPACE}]*"


def _caseless(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _words(item: str) -> str:
    """Comma-separated ``item``s, at least one; empty ones between commas are skipped."""
    return rf"^(?:{_WS},)*{_WS}{item}{_WS}(?:,{_WS}(?:{item}{_WS})?)*$"


def _one_of(keys: tuple[str, ...]) -> str:
    return "(?:" + "|".join(keys) + ")"


_FLAG = {  # listing._flag: 1, true or nothing; 0 or false
    "type": "string",
    "pattern": rf"^{_WS}(?:1|0|{_caseless('true')}|{_caseless('false')})?{_WS}$",
}
_IGNORED = ("group", "timezone", "language")  # the SDK's QueryRequest sends them


def _list_options(keys: tuple[str, ...]) -> tuple[Param, ...]:
    """The query options of a list whose items have ``keys`` (listing.list_options)."""
    names = ", ".join(f"`{key}`" for key in keys)
    directions = f"(?::(?:{_caseless('asc')}|{_caseless('desc')})?)?"
    sort = f"[+-]*{_one_of(keys)}{directions}"  # listing._sort: -key, key:desc, key:
    return (
        Param("limit", {"type": "integer", "minimum": 1, "maximum": listing.MAX_LIMIT}),
        Param("offset", {"type": "integer", "minimum": 0, "maximum": 2**31}, "Not with `page`."),
        Param(
            "page",
            {"type": "integer", "minimum": 1, "maximum": 2**31},
            f"1-based, of `limit` items ({listing.DEFAULT_PAGE_SIZE} without it).",
        ),
        Param(
            "sort",
            {"type": "string", "pattern": _words(sort), "examples": ["name", "-id"]},
            f"Keys of {names}, comma-separated; `-key` or `key:desc` for descending.",
        ),
        Param(
            "fields",
            {"type": "string", "pattern": _words(_one_of(keys)), "examples": ["id,name"]},
            f"Keys of {names} to keep.",
        ),
        Param("withoutCount", _FLAG, "No `count`."),
        Param("withoutItems", _FLAG, "No `items`."),
        Param(
            "offsetField",
            {"type": "string", "pattern": rf"^{_WS}{_one_of(mapping.UNIQUE_KEYS)}?{_WS}$"},
            "Keyset paging: the items ordered by this key (the first of `sort`, if given) ...",
        ),
        Param("offsetValue", {"type": "string"}, "... after this value (`offsetField`: `id`)."),
        *(Param(name, {"type": "string"}, "Accepted and ignored.") for name in _IGNORED),
    )


_BAD_OPTIONS = {400: "A list option that cannot be read (`details` names it)."}
_NOT_FOUND = {404: "No such attribute or client in this company (an id that is no UUID too)."}
_TAKEN = {409: "Taken: another attribute has that name."}
_REFRESH_TOKEN = Param("refreshToken", {"type": "string"}, "The login's `refreshToken`.", True)
# GET: the query string (as the SDK sends it); POST: a JSON body (the query is read too).
_REFRESH_QUERY = (
    _REFRESH_TOKEN,
    Param("ttl", {**_TTL.schema, "type": "integer"}, _TTL.description),
)
_REFUSED_LOGIN = {
    401: "A wrong e-mail or password, a disabled user, a `companyId` where the e-mail has no "
    "account.",
    429: "Too many failed logins (10 a minute for one account from one address; `Retry-After`).",
}

TWIN_DOC = VendorDoc(
    title="TWIN",
    description=(
        "TWIN's client attributes (the operator chat's `chat-api`) and the IAM's login "
        "(`iam`) as contacthub answers them, both on this server. Log in with "
        f"`POST {PREFIX}/auth/login`, send its `token` as `Authorization: Bearer <token>` "
        f'(an organization\'s API token works too); on 401 `{{"error": "{TOKEN_EXPIRED}"}}` '
        f"renew it with `POST {PREFIX}/auth/refresh`. Bodies are JSON. Writes answer 200 "
        "without a body."
    ),
    security_schemes={
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The login's `token` (a JWT with `exp`), or an API token; the word "
            "`Bearer` may be left out.",
        },
    },
    security=[{"bearer": []}],
    error=wire.Failure,
    errors={
        401: f'No token, an unknown or ended one; `{{"error": "{TOKEN_EXPIRED}"}}` exactly '
        "when it expired (`WWW-Authenticate: Bearer`).",
        403: "A user who may not do this (deleting an attribute takes an administrator).",
        429: "Past the rate limit (`Retry-After`).",
        503: "The database did not answer in time.",
    },
    body_errors={
        400: "A body that is not a JSON object.",
        413: "The body is larger than the server accepts.",
        422: "A body of the wrong shape or an invalid value: `details` maps each field to its "
        "messages.",
    },
    body_media_types=("application/json",),
    operations={
        f"{PREFIX}/auth/login": Operation(
            (
                Param("email", {"type": "string", "examples": ["user@example.com"]}, required=True),
                Param("password", {"type": "string"}, required=True),
                _TTL,
                Param(
                    "companyId",
                    {"type": ["integer", "null"], **_STORABLE, "examples": [123]},
                    "The company to log in to, for an e-mail with several (0 or null: its "
                    "oldest account).",
                ),
                Param("extra", {}, "Sent by the vendor's SDK; unused."),
            ),
            _REFUSED_LOGIN,
            security=[],
        ),
        f"{PREFIX}/auth/refresh": Operation(
            _REFRESH_QUERY,
            {
                400: "A query string or body that cannot be read.",
                401: "An unknown or expired refresh token; one used again past the grace "
                "(the session ends).",
                422: "No `refreshToken`, or a `ttl` out of range (`details`).",
            },
            bodies={"application/json": (_REFRESH_TOKEN, _TTL)},
            query_too=True,  # POST reads the query string too, the body winning
            security=[],
        ),
        f"{PREFIX}/clients/attributes": Operation(
            _list_options(mapping.ATTRIBUTE_KEYS),
            {**_BAD_OPTIONS, **_TAKEN},
            returns={"GET": wire.AttributeList},
            bodies={"application/json": (_NAME,)},
        ),
        f"{PREFIX}/clients/attributes/{{attribute_id:str}}": Operation(
            errors={**_NOT_FOUND, **_TAKEN},
            returns={"PATCH": NO_BODY, "DELETE": NO_BODY},
            bodies={"application/json": (_NAME,)},
            path={"attribute_id": _ATTRIBUTE},
        ),
        f"{PREFIX}/clients/{{client_id:str}}/attributes": Operation(
            _list_options(mapping.CLIENT_ATTRIBUTE_KEYS),
            {**_BAD_OPTIONS, **_NOT_FOUND},
            returns={"GET": wire.ClientAttributeList},
            path={"client_id": _CLIENT},
        ),
        f"{PREFIX}/clients/{{client_id:str}}/attributes/{{attribute_id:str}}": Operation(
            errors=_NOT_FOUND,
            returns={"POST": NO_BODY, "DELETE": NO_BODY},
            bodies={"application/json": (_VALUE,)},
            path={"client_id": _CLIENT, "attribute_id": _ATTRIBUTE},
        ),
    },
)
