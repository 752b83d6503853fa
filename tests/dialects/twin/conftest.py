"""TWIN fixtures: a user (not an administrator) of ``org`` and of ``other_org``, and an
administrator of ``org``, each logged in through the API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from httpx import AsyncClient

from contacthub.core.users import User
from tests.factories import Org, make_user

PASSWORD = "correct horse battery"
LOGIN = "/api/v1/auth/login"


@dataclass(frozen=True)
class Operator:
    """A user, their organization and a token from logging in."""

    user: User
    org: Org
    token: str
    refresh_token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def log_in(
    client: AsyncClient, email: str, password: str = PASSWORD, **extra: object
) -> dict[str, str]:
    answer = await client.post(LOGIN, json={"email": email, "password": password, **extra})
    assert answer.status_code == 200, answer.text
    body: dict[str, str] = answer.json()
    return body


async def _operator(client: AsyncClient, org: Org, email: str, *, admin: bool = False) -> Operator:
    user = await make_user(org, email, PASSWORD, admin=admin)
    tokens = await log_in(client, email)
    return Operator(user=user, org=org, token=tokens["token"], refresh_token=tokens["refreshToken"])


@pytest.fixture
async def operator(client: AsyncClient, org: Org) -> Operator:
    return await _operator(client, org, "operator@acme.example")


@pytest.fixture
async def admin(client: AsyncClient, org: Org) -> Operator:
    """An administrator of ``org``: may also delete attributes (core/principal.py)."""
    return await _operator(client, org, "admin@acme.example", admin=True)


@pytest.fixture
async def stranger(client: AsyncClient, other_org: Org) -> Operator:
    """An administrator of ``other_org``: the walls hold against the strongest credential."""
    return await _operator(client, other_org, "operator@umbrella.example", admin=True)
