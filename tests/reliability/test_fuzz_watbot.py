"""Fuzz every Watbot route: ``api_token`` in the query, the body or a Bearer header."""

from __future__ import annotations

import httpx
from hypothesis import strategies as st
from litestar import Litestar

from contacthub.core.scope import Hub
from tests.reliability.fuzzing import Credentials, Seed, fuzz, wrong_authorization


def credentials(draw: st.DrawFn, seed: Seed, token: str) -> Credentials:
    where = draw(st.sampled_from(["query", "query", "body", "bearer", "bearer", "none", "broken"]))
    if where == "query":
        return Credentials(query=[("api_token", token)])
    if where == "body":
        return Credentials(body={"api_token": token})
    if where == "bearer":
        return Credentials(headers=[(b"authorization", f"Bearer {token}".encode())])
    if where == "broken":
        return Credentials(headers=wrong_authorization(draw))
    return Credentials()


async def test_fuzz_watbot(
    client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str
) -> None:
    assert await fuzz(client, app, hub, "watbot", credentials, backend) > 0
