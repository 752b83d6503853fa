"""Plusofon's contact-list API (``https://restapi.plusofon.ru/api/v1/contact-lists``), on the
core's black and white lists: a number on any black list is blocked for the whole organization,
whichever API asks, and numbers match in any format (``79998887766``, ``+7 999 888-77-66``,
``89998887766`` are one number).

    GET    /api/v1/contact-lists          Laravel page of {id, name, type} + success
    GET    /api/v1/contact-lists/types    {types: [{type, title}], success}
    GET    /api/v1/contact-lists/{id}     {id, name, type, contacts: [{name, phones}], success}
    POST   /api/v1/contact-lists          201, Location: <list URL>, {success: true}
    PUT    /api/v1/contact-lists/{id}     {success: true}; name, type and contacts at once
    DELETE /api/v1/contact-lists/{id}     {success: true}
    POST   /api/v1/login                  {user, token, token_expire, refresh_token, ...}

Choices where the vendor's documents are silent (and the notes on the real API, VENDORS.md):

- Credentials: ``Authorization: Bearer <contacthub API token>`` names the organization. The
  ``Client`` header is the vendor's application code, the same for every customer; it is required
  (400 "Не передан заголовок Client" without it, 400 for a code not in
  ``CONTACTHUB_PLUSOFON_CLIENT_CODES``, default ``["10553"]``) and checked before the token.
  No or an unknown token: 401 with ``message`` (the vendor's 401 body is unknown).
- Errors: ``{"success": false, "message": ...}``; validation adds Laravel's ``errors`` map keyed
  ``contacts.3.phones.0`` with Laravel's Russian messages (every wrong field at once, at most 100);
  404 answers ``{"success": false, "error": ...}``; 403 "Недостаточно прав". Never a 5xx for a
  client's mistake: the vendor's 500 "no access" is 401/403 here.
- Paging: ``page`` (default 1) and ``per_page`` (default 15, the vendor's, at most 500), from the
  query string or a JSON body (Laravel's ``input()``: the body wins). A value that is not a whole
  number in range is a 400 (Laravel would quietly serve page 1). A page past the end is empty
  with ``from``/``to`` null, as Laravel answers. A ``per_page`` the client sent stays in the page
  URLs. URLs are absolute, built from the request's host.
- Bodies are JSON. The vendor's JavaScript example passes ``body: body`` (an object) to
  ``fetch``, which sends the text ``[object Object]``: that is a 400 saying to use
  ``JSON.stringify``, and nothing is written. A non-JSON body with another Content-Type is 415.
  GET bodies are read only where parameters are accepted (the list page).
- ``contacts`` is optional on POST (an empty list). On PUT a body with ``contacts`` replaces name,
  type and every contact in one transaction (a reader sees the old list or the new one; a killed
  server leaves the old one); a body without ``contacts`` changes only name and type, so a rename
  never wipes a list. ``"contacts": null`` is a 400 (must be an array).
- Phones: each contact needs a name and 1..100 phones; a phone may be a string in any format or a
  JSON number; it must be a number of the numbering plan (libphonenumber; region RU for national
  forms), else 400 naming ``contacts.i.phones.j``, together with every other wrong field of the
  body (the numbers are parsed off the event loop, after the body's own checks, and the two
  answers are one). Answers give international digits without
  ``+`` (``89998887766`` comes back as ``79998887766``), as the vendor's clients expect.
- A list id that is not a whole number is a list that does not exist (404). Another
  organization's lists answer exactly as missing ones.
- ``white`` lists are stored and listed but block nothing ("пока не используется", the seed).
- ``POST /api/v1/login`` ``{"email", "password"}`` (a user of the core, as TWIN's login) answers
  the vendor's shape ``{"user", "token", "token_expire", "refresh_token",
  "refresh_token_expire", "success"}``. The expiries' unit is not public (clients read them as
  integers): here they are Unix times in seconds. The token is a login session of the core: a
  JWT stored only hashed, expiring after ``CONTACTHUB_TWIN_TOKEN_TTL_SECONDS`` (a week), refused
  with 401 once expired. ``user`` holds the core's one name as ``first_name`` (``last_name``,
  ``middle_name`` and ``phone`` are null) and ``role`` ``{"name": "admin"|"user", "client_id":
  <organization id>}``. The vendor's refresh method is not public, so none is served under its
  paths: a client logs in again (the refresh token is the core session's, which TWIN's
  ``POST /api/v1/auth/refresh`` renews).
  Failed logins are limited per account and per address (429 with ``Retry-After``).
- Roles (core/principal.py): a login token of a user whose ``role`` is ``user`` reads, creates
  and replaces lists (PUT with ``contacts`` is an edit of the list); deleting a list takes an
  ``admin``: 403 ``{"success": false, "message": "Недостаточно прав"}``, whether or not the list
  exists. The role is the user's at each request. An API token acts as an administrator.
"""

from contacthub.dialects.plusofon.router import plusofon_dialect

__all__ = ["plusofon_dialect"]
