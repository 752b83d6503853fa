"""Who is calling: the organization a credential belongs to."""

from __future__ import annotations

import msgspec


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    org_id: int
    token_id: int | None = None  # an API token
    user_id: int | None = None  # a logged-in user (TWIN session)
