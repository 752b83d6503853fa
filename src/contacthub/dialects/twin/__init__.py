"""TWIN (twin24.ai): the operator chat's client attributes and the IAM login that guards them.

    POST   /api/v1/auth/login                          {"email","password","ttl"?,"companyId"?}
    POST   /api/v1/auth/refresh   (GET with a query too) {"refreshToken","ttl"?}
           -> 200 {"token": "<JWT>", "refreshToken": "..."}
    GET    /api/v1/clients/attributes                  {"count","items":[{"id","companyId","name"}]}
    POST   /api/v1/clients/attributes                  {"name"} -> {"id"}
    PATCH  /api/v1/clients/attributes/{id}             {"name"} -> 200, no body
    DELETE /api/v1/clients/attributes/{id}             -> 200, no body
    GET    /api/v1/clients/{clientId}/attributes       {"count","items":[{"id","clientId",...}]}
    POST   /api/v1/clients/{clientId}/attributes/{id}  {"value"} -> 200, no body
    DELETE /api/v1/clients/{clientId}/attributes/{id}  -> 200, no body

An attribute is a custom field of the core: the Watbot variable and the native API's field of the
same name. A client is a contact, addressed by its UUID; ``companyId`` is the organization's id.
Errors are ``{"error": "<text>", "details": ...}``; an expired token is exactly
401 ``{"error": "Token is expired."}``, on which the vendor's SDK refreshes.

Choices where the vendor's public material is silent (see the modules for the reasons):
- Tokens: HS256 JWTs with ``sub``, ``org``, ``iat``, ``exp``, ``jti``, signed with
  ``CONTACTHUB_JWT_SECRET``; only their hashes are stored. ``ttl`` is 1 s .. 366 days (default:
  the ``twin_token_ttl_seconds`` setting, a week). Login and refresh also set cookies ``token``
  and ``refresh_token``, which scripts written against the vendor read; each expires with its
  token (``Max-Age`` and ``Expires``). ``extra`` is accepted and unused. ``companyId`` picks
  the organization of a person with accounts in several (an e-mail is unique per
  organization); without it the e-mail's oldest account is tried; a company where the e-mail
  has no account fails like a wrong password (401). ``Authorization`` on login is ignored
  (scripts send ``Bearer null``). An organization's API token is accepted as a Bearer.
- Sessions (core/sessions.py), for the SDK's workers that share one stored pair (``fromJwt``):
  refreshing gives a new pair; the old access token still works until its own ``exp`` (then
  "Token is expired.", on which the SDK renews), never "The session has ended." early. A refresh
  token renews once; presented again within ``refresh_reuse_grace_seconds`` (30 s) it answers
  the same new pair (another ``ttl`` is ignored), presented later it is taken for a stolen one:
  401 ``{"error": "The refresh token was already used; the session has ended."}`` and every
  token of that login (the newest pair too) answers "The session has ended.". A refresh token
  lives 30 days past its access token. Every login of a user ends when their password changes
  (through any API, e.g. an administrator's native ``PATCH /api/hub/v1/users/{id}``), and works
  only while the user is enabled; API tokens are not logins and are unaffected.
- Failed logins: at most ``login_attempts_per_minute`` (10) of one account from one client
  address in a one-minute window, and ``login_attempts_ceiling_per_minute`` (100) from one
  address or to one account, then 429 with ``Retry-After`` (core/login_limits.py). Another
  account's correct login from the same address is not blocked by one account's failures.
- Statuses: malformed JSON or query options 400, a body of the wrong shape or an invalid value
  422 (``details`` maps fields to messages), an unknown or another company's id 404 (ids that
  are not UUIDs name nothing), a duplicate attribute name 409; creating an attribute answers 200
  like the vendor's other writes. Deleting a value a client does not have is 404.
- ``value`` is a JSON string, or a number or boolean kept as its text: ``42`` is ``"42"`` (as
  Watbot's setContactVariable keeps numbers), ``4.5`` ``"4.5"``, ``true`` ``"true"``; the
  operator panel shows text, and reading it back answers that text. ``null``, arrays and objects
  are 422. Unknown body fields are ignored.
- Lists support the SDK's QueryRequest (dialects/twin/listing.py): limit/offset/page/sort/fields/
  withoutCount/withoutItems, and keyset paging ``offsetField`` (``id`` or ``name``, ascending
  unless ``sort`` starts with it descending) with ``offsetValue`` (the items after it).
  ``group`` is accepted and ignored (each item is one record: grouping changes nothing), as are
  ``timezone`` and ``language``.
- Roles (core/principal.py): a user without ``is_admin`` (an operator) reads attributes and
  values, sets and removes clients' values and creates and renames attributes; deleting an
  attribute (its value goes from every client) takes an administrator: 403
  ``{"error": "Only an administrator may delete custom fields."}``, whether or not the id exists.
  The role is the user's at each request, so a promotion or demotion holds for live sessions.
  An API token acts as an administrator.
"""

from contacthub.dialects.twin.router import twin_dialect

__all__ = ["twin_dialect"]
