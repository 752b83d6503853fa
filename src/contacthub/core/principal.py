"""Who is calling: the organization a credential belongs to, and the caller's role in it.

    API token            --> Principal(org, token, admin=True)
    login session (user) --> Principal(org, user, admin=the user's is_admin, read at each request)
    CLI, background jobs --> no principal: the operator of the server acts with every right

The one rule of roles lives here (``require``), and the core functions that need an
administrator call it through their ``Scope`` (``s.require(AdminAction.X)``), so every API that
reaches them, today's and tomorrow's, gets the same answer: ``Forbidden``, which each dialect
renders as its own 403. What a member (a user without ``is_admin``) may not do:

* manage users (create, change, delete) other than changing their own name and password;
* manage API tokens (create, revoke): a token acts as an administrator;
* rename the organization;
* delete what other people's contacts hang on: contact lists, custom fields (TWIN's client
  attributes), tags, contact bases and bots (each delete removes it from every contact);
* erase a contact for good (a soft delete stays theirs: it can be restored);
* manage webhooks (they send the organization's data elsewhere).

Everything else a member's credential reaches is theirs to do: read the organization's data,
write contacts, their tags and field values, create and edit lists and their numbers, and
create or rename fields.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from contacthub.errors import Forbidden


class AdminAction(StrEnum):
    """What only an administrator may do; the value completes "only an administrator may ..."."""

    MANAGE_USERS = "manage users"
    MANAGE_TOKENS = "manage API tokens"
    RENAME_ORGANIZATION = "rename the organization"
    DELETE_LISTS = "delete contact lists"
    DELETE_FIELDS = "delete custom fields"
    DELETE_TAGS = "delete tags"
    DELETE_BASES = "delete contact bases"
    DELETE_BOTS = "delete bots"
    ERASE_CONTACTS = "erase contacts"
    MANAGE_WEBHOOKS = "manage webhooks"


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    org_id: int
    token_id: int | None = None  # an API token
    user_id: int | None = None  # a logged-in user (TWIN and Plusofon sessions)
    # Fail closed: a principal is an administrator only when its credential says so.
    admin: bool = False


def require(principal: Principal | None, action: AdminAction) -> None:
    """Refuse ``action`` unless the caller is an administrator (``None``: the server's operator)."""
    if principal is not None and not principal.admin:
        raise Forbidden(f"only an administrator may {action}", code="admin_required")
