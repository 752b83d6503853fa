"""core.tokens remembers a checked token for a second: revocation still wins, here at once and
from another process within the TTL."""

from __future__ import annotations

import pytest

from contacthub.core import tokens
from contacthub.core.credentials import token_hash
from contacthub.core.scope import Hub
from contacthub.errors import Unauthorized
from tests.factories import Org, make_token


async def _revoke_as_another_process(hub: Hub, org: Org) -> None:
    # A plain UPDATE, as the CLI or another worker would commit it: this process is not told.
    async with hub.writing(org.id) as s:
        await s.execute("UPDATE api_tokens SET revoked_at = :now WHERE org_id = :org", now=s.now())


async def test_a_token_revoked_elsewhere_is_refused_once_the_ttl_is_over(
    hub: Hub, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(tokens.time, "monotonic", lambda: now[0])
    principal = await tokens.authenticate(hub, org.token)
    assert principal.org_id == org.id
    await _revoke_as_another_process(hub, org)
    now[0] += tokens.PRINCIPAL_TTL / 2
    assert (await tokens.authenticate(hub, org.token)).org_id == org.id  # remembered
    now[0] += tokens.PRINCIPAL_TTL
    with pytest.raises(Unauthorized):
        await tokens.authenticate(hub, org.token)


async def test_a_token_revoked_in_this_process_is_refused_at_once(hub: Hub, org: Org) -> None:
    second = await make_token(org)
    assert (await tokens.authenticate(hub, second)).org_id == org.id
    async with hub.writing(org.id) as s:
        token_id = max(token.id for token in await tokens.list_tokens(s))
        await tokens.revoke_token(s, token_id)
    with pytest.raises(Unauthorized):
        await tokens.authenticate(hub, second)
    assert (await tokens.authenticate(hub, org.token)).org_id == org.id


async def test_an_unknown_token_is_never_remembered(hub: Hub, org: Org) -> None:
    for _ in range(2):
        with pytest.raises(Unauthorized):
            await tokens.authenticate(hub, "chk_unknown")
    assert token_hash("chk_unknown") not in hub.principals
    await tokens.authenticate(hub, org.token)
    assert token_hash(org.token) in hub.principals
