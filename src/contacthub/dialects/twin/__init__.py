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
  ``CONTACTHUB_JWT_SECRET``; only their hashes are stored. Refreshing rotates both tokens; a
  refresh token lives 30 days past its access token. ``ttl`` is 1 s .. 366 days (default: the
  ``twin_token_ttl_seconds`` setting, a week). Login also sets cookies ``token`` and
  ``refresh_token``, which scripts written against the vendor read. ``extra`` is accepted and
  unused. ``companyId`` picks the organization of a person with accounts in several (an e-mail
  is unique per organization); without it the e-mail's oldest account is tried; a company where
  the e-mail has no account fails like a wrong password (401). ``Authorization`` on login is
  ignored (scripts send ``Bearer null``). An organization's API token is accepted as a Bearer.
- Failed logins: at most ``login_attempts_per_minute`` (10) of one account from one client
  address in a one-minute window, and ``login_attempts_ceiling_per_minute`` (100) from one
  address or to one account, then 429 with ``Retry-After`` (core/login_limits.py). Another
  account's correct login from the same address is not blocked by one account's failures.
- Statuses: malformed JSON or query options 400, a body of the wrong shape or an invalid value
  422 (``details`` maps fields to messages), an unknown or another company's id 404 (ids that
  are not UUIDs name nothing), a duplicate attribute name 409; creating an attribute answers 200
  like the vendor's other writes. Deleting a value a client does not have is 404.
- ``value`` must be a JSON string. Unknown body fields are ignored.
- Lists support limit/offset/page/sort/fields/withoutCount/withoutItems (dialects/twin/listing.py).
- Roles (core/principal.py): a user without ``is_admin`` (an operator) reads attributes and
  values, sets and removes clients' values and creates and renames attributes; deleting an
  attribute (its value goes from every client) takes an administrator: 403
  ``{"error": "Only an administrator may delete custom fields."}``, whether or not the id exists.
  The role is the user's at each request, so a promotion or demotion holds for live sessions.
  An API token acts as an administrator.
"""

from contacthub.dialects.twin.router import twin_dialect

__all__ = ["twin_dialect"]
