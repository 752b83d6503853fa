"""Fuzz every Plusofon route: a Bearer API token and the ``Client`` header (right, wrong, none)."""

from __future__ import annotations

import httpx
from hypothesis import strategies as st
from litestar import Litestar

from contacthub.core.scope import Hub
from tests.reliability.fuzzing import Credentials, Seed, fuzz, wrong_authorization

CLIENTS = [b"10553"] * 4 + [b"", b"1", b" 10553 ", b"\xff", b"9" * 5000]


def credentials(draw: st.DrawFn, seed: Seed, token: str) -> Credentials:
    headers = []
    if draw(st.integers(0, 6)):
        headers.append((b"client", draw(st.sampled_from(CLIENTS))))
    where = draw(st.sampled_from(["bearer", "bearer", "bearer", "none", "broken"]))
    if where == "bearer":
        headers.append((b"authorization", f"Bearer {token}".encode()))
    elif where == "broken":
        headers += wrong_authorization(draw)
    return Credentials(headers=headers)


async def test_fuzz_plusofon(
    client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str
) -> None:
    assert await fuzz(client, app, hub, "plusofon", credentials, backend) > 0
