"""Watbot's OpenAPI document (/openapi/watbot.json): its credential, each method's parameters,
its Laravel errors. The paths, verbs and success schemas come from the router and the handlers
(dialects.vendor_docs); this says what the handlers read by hand (routes/*.py, rules.py).

    credential   ?api_token= (security scheme), api_token in the form or JSON body (a field of
                 every body), Authorization: Bearer (security scheme) — auth.py's order
    parameters   GET and DELETE: the query string; POST, PUT, PATCH: a form (urlencoded or
                 multipart) or a JSON body, and the query string, the body winning (params.py):
                 documented in both places, required in neither the query nor (so) alone
    errors       LaravelError (schemas.py), the Struct errors.py renders every answer from
"""

from __future__ import annotations

from typing import Any

from contacthub.core.fields import MAX_FIELD_NAME, MAX_VALUE_LENGTH
from contacthub.core.ids import MAX_ID, MIN_ID
from contacthub.core.tags import MAX_TAG_LENGTH
from contacthub.dialects.vendor_docs import Operation, Param, VendorDoc
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import TOKEN_KEY
from contacthub.dialects.watbot.errors import PREFIX
from contacthub.dialects.watbot.mapping import UTM_KEYS
from contacthub.dialects.watbot.routes.contacts import FILTERS, MAX_COUNT, MAX_PAGE, MAX_UNIX_TIME
from contacthub.dialects.watbot.upsert import MESSENGERS

_ID: dict[str, Any] = {"type": "integer", "minimum": MIN_ID, "maximum": MAX_ID}


def _text(max_length: int = 255) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length}


def _integer(minimum: int, maximum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


_CONTACT = Param("contact_id", _ID, "The contact's id.", required=True)
_NOT_FOUND = {404: "No such contact, bot, tag or variable in this organization."}
_TAG = (
    _CONTACT,
    Param("name", _text(MAX_TAG_LENGTH), "The tag's name (or `tag_id`)."),
    Param("tag_id", _ID, "The tag's id (or `name`)."),
)
_VARIABLE = (
    _CONTACT,
    Param("name", _text(MAX_FIELD_NAME), "The variable's name (or `id`)."),
    Param("id", _ID, "The variable's id (or `name`)."),
)
_GET_CONTACTS = (
    Param("page", _integer(1, MAX_PAGE), "The page, from 1."),
    Param("count", _integer(1, MAX_COUNT), "Contacts a page (15 when not given)."),
    Param("bot_id", _ID, "Only the contacts of this bot."),
    Param("date_from", _integer(0, MAX_UNIX_TIME), "Created at or after (Unix seconds)."),
    Param("date_to", _integer(0, MAX_UNIX_TIME), "Created at or before (Unix seconds)."),
    *(
        Param(f"filters[{key}]", _text(), f"Only the contacts whose `{key}` is this.")
        for key in FILTERS
    ),
    Param("with", _text(), "`tags`, `variables` or both, comma-separated (always carried)."),
)
_CREATE = (
    Param("bot_id", _ID, "The bot (422 when it does not exist).", required=True),
    Param("messenger", {"type": "string", "enum": list(MESSENGERS)}, "", required=True),
    Param("name", _text(500), "The contact's name.", required=True),
    Param("phone", _text(64), "Required for `whatsapp`: a number of the numbering plan."),
    Param("telegram_id", _text(64), "Required for `telegram`."),
    Param("telegram_username", _text()),
    Param("viber_id", _text(), "Required for `viber`."),
    Param("vk_id", _text(64), "Required for `vk`."),
    Param("email", {**_text(320), "format": "email"}),
    Param("address", _text(10_000)),
    *(Param(key, _text(500)) for key in UTM_KEYS),
    Param("tags[]", {"type": "array", "items": _text()}, "Tags to add (never removed)."),
)
_SET_VARIABLE = (
    *_VARIABLE,
    Param("value", _text(MAX_VALUE_LENGTH), "Kept exactly as sent.", required=True),
    Param("deletable", {"type": "string", "enum": ["0", "1", "true", "false"]}),
)

WATBOT_DOC = VendorDoc(
    title="Watbot",
    description=(
        "Watbot's integration API (CleverApp, JetBot, OneBot, Leadteh) as contacthub answers it. "
        "Every method takes GET, POST, PUT, PATCH and DELETE alike; parameters come from the "
        "query string and the body (form or JSON) merged, the body winning. The token: "
        "`?api_token=`, `api_token` in the body, or `Authorization: Bearer`."
    ),
    security_schemes={
        "api_token": {"type": "apiKey", "in": "query", "name": TOKEN_KEY},
        "bearer": {"type": "http", "scheme": "bearer", "description": "The same API token."},
    },
    security=[{"api_token": []}, {"bearer": []}],
    error=wire.LaravelError,
    errors={
        400: "A query string or body that cannot be read (not UTF-8, nested too deep).",
        401: 'No token, or an unknown or revoked one: `{"message": "Unauthenticated."}`.',
        403: 'A token that may not do this: `{"message": "This action is unauthorized."}`.',
        422: '`{"message": "The given data was invalid.", "errors": {field: [messages]}}`.',
        429: 'Past the rate limit: `{"message": "Too Many Attempts."}` (`Retry-After`).',
        503: "The database did not answer in time.",
    },
    body_errors={
        400: "A body that cannot be read (malformed JSON, not an object, a file field).",
        413: "The body is larger than the server accepts.",
    },
    body_params=(Param(TOKEN_KEY, _text(), "The API token (or in the query, or Bearer)."),),
    body_media_types=(
        "application/x-www-form-urlencoded",
        "multipart/form-data",  # PHP's CURLOPT_POSTFIELDS with an array
        "application/json",
    ),
    query_too=True,
    operations={
        f"{PREFIX}/getContacts": Operation(_GET_CONTACTS, _NOT_FOUND),
        f"{PREFIX}/createOrUpdateContact": Operation(
            _CREATE, {409: "Taken: the identity belongs to another contact."}, {201: "Created."}
        ),
        f"{PREFIX}/getContactTags": Operation((_CONTACT,), _NOT_FOUND),
        f"{PREFIX}/getBotTags": Operation((Param("bot_id", _ID, required=True),), _NOT_FOUND),
        f"{PREFIX}/attachTagToContact": Operation(_TAG, _NOT_FOUND),
        f"{PREFIX}/detachTagFromContact": Operation(_TAG, _NOT_FOUND),
        f"{PREFIX}/getContactVariables": Operation((_CONTACT,), _NOT_FOUND),
        f"{PREFIX}/setContactVariable": Operation(
            _SET_VARIABLE, {**_NOT_FOUND, 409: "Taken: the variable's name."}
        ),
        f"{PREFIX}/deleteContactVariable": Operation(_VARIABLE, _NOT_FOUND),
        f"{PREFIX}/getMe": Operation(),
    },
)
