"""Fuzz every TWIN route: a Bearer API token (or a bare one), and logins with the seeded user."""

from __future__ import annotations

import httpx
from hypothesis import strategies as st
from litestar import Litestar

from contacthub.core.scope import Hub
from tests.reliability.fuzzing import PASSWORD, Credentials, Seed, fuzz, wrong_authorization


def credentials(draw: st.DrawFn, seed: Seed, token: str) -> Credentials:
    where = draw(st.sampled_from(["bearer"] * 5 + ["bare", "login", "none", "broken"]))
    if where == "bearer":
        return Credentials(headers=[(b"authorization", f"Bearer {token}".encode())])
    if where == "bare":
        return Credentials(headers=[(b"authorization", token.encode())])
    if where == "login":
        password = draw(st.sampled_from([PASSWORD, "wrong", ""]))
        return Credentials(body={"email": seed.email, "password": password})
    if where == "broken":
        return Credentials(headers=wrong_authorization(draw))
    return Credentials()


async def test_fuzz_twin(client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str) -> None:
    assert await fuzz(client, app, hub, "twin", credentials, backend) > 0
