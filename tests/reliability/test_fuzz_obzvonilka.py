"""Fuzz every Obzvonilka route: ``api_key`` as a parameter or the ``X-API-KEY`` header."""

from __future__ import annotations

import httpx
from hypothesis import strategies as st
from litestar import Litestar

from contacthub.core.scope import Hub
from tests.reliability.fuzzing import Credentials, Seed, fuzz


def credentials(draw: st.DrawFn, seed: Seed, token: str) -> Credentials:
    where = draw(st.sampled_from(["query", "query", "body", "header", "header", "none", "both"]))
    if where == "query":
        return Credentials(query=[("api_key", token)])
    if where == "body":
        return Credentials(body={"api_key": token})
    if where == "header":
        return Credentials(headers=[(b"x-api-key", token.encode())])
    if where == "both":
        return Credentials(query=[("api_key", token)], headers=[(b"x-api-key", b"\xff\x00")])
    return Credentials()


async def test_fuzz_obzvonilka(
    client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str
) -> None:
    assert await fuzz(client, app, hub, "obzvonilka", credentials, backend) > 0
