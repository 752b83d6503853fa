"""contacthub's own REST API at ``/api/hub/v1``: full CRUD on every core object.

Authentication: ``Authorization: Bearer <API token>``. Errors are RFC 9457 problem documents
(``application/problem+json``) with a stable ``code``. Lists are keyset-paginated:
``?limit=&cursor=`` answers ``{"items": [...], "next_cursor": "..." | null}``.
Objects of another organization answer 404, exactly as ids that do not exist.
"""

from contacthub.dialects.native.router import native_dialect

__all__ = ["native_dialect"]
