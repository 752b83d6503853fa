"""contacthub's own REST API at ``/api/hub/v1``: full CRUD on every core object.

Authentication: ``Authorization: Bearer <API token>``. Errors are RFC 9457 problem documents
(``application/problem+json``) with a stable ``code``. Lists are keyset-paginated:
``?limit=&cursor=`` answers ``{"items": [...], "next_cursor": "..." | null}``.
Objects of another organization answer 404, exactly as ids that do not exist.
A 422 names every wrong field of the body at once (``errors``); a body of the wrong shape (a
number for a text, an unknown key) is a 400 naming the first. Phones are E.164 after lenient
parsing (``8 (916) 123-45-67``); a number no phone of its region can be (``12345``, ``900``) is
refused everywhere, filters and ``/phones/{number}`` included (core.phones).
Roles: an API token is an organization's administrator credential, so every route is open to
it, users and tokens included; users' login tokens (TWIN, Plusofon) are no credential here
(401). A ``Forbidden`` from the core (core/principal.py) would be 403 ``admin_required``.
"""

from contacthub.dialects.native.router import native_dialect

__all__ = ["native_dialect"]
