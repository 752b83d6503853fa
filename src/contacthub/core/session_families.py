"""Ending logins: a login's family of token pairs ends as one, whatever pair is in whose hands.

    sessions.revoke (logout)              \\
    sessions.refresh (a reused token)      --> session_families.ended_at --> every pair refused
    users.update_user (a new password)    /

A pair is checked against its family at every request (core/sessions.py), so a pair issued
while its family was being ended is refused as well: nothing has to find and mark each pair.
Kept apart from core/sessions.py, which uses core/users.py, so that users can end sessions too.
"""

from __future__ import annotations

from typing import Literal

from contacthub.core.scope import Scope

EndReason = Literal["logout", "reuse", "password", "disabled"]


async def end_family(s: Scope, family_id: int, reason: EndReason) -> bool:
    """End one login; answers whether it was still live."""
    changed = await s.execute(
        "UPDATE session_families SET ended_at = :now, end_reason = :reason"
        " WHERE org_id = :org AND id = :id AND ended_at IS NULL",
        id=family_id,
        now=s.now(),
        reason=reason,
    )
    return changed > 0


async def end_user_sessions(s: Scope, user_id: int, reason: EndReason) -> int:
    """End every live login of a user; answers how many there were. API tokens are not logins
    and stay as they are."""
    return await s.execute(
        "UPDATE session_families SET ended_at = :now, end_reason = :reason"
        " WHERE org_id = :org AND user_id = :user AND ended_at IS NULL",
        user=user_id,
        now=s.now(),
        reason=reason,
    )
