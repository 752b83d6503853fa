"""TWIN sessions as the vendor's PHP SDK (twin/sdk) uses them, replayed request for request.

``SdkWorker`` sends what ``Twin\\Sdk\\Http\\Authenticator`` and ``HttpClient`` send: the login
``POST /api/v1/auth/login`` with ``{"email","password","ttl","companyId","extra"}``; each call with
``Authorization: Bearer <token>`` and ``Content-Type: application/json`` (on a GET too); on exactly
401 ``{"error": "Token is expired."}`` a refresh, ``GET /api/v1/auth/refresh?refreshToken=&ttl=``
with the bare old token as ``Authorization``, then the call again. Any other failure is thrown to
the caller: a worker built ``fromJwt`` (no password) cannot log in again, it dies.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from httpx import AsyncClient as Client
from httpx import Response

from contacthub.config import Settings
from tests.dialects.twin.conftest import PASSWORD
from tests.factories import Org, make_contact, make_user
from tests.support import TestClock as Clock

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
ATTRIBUTES = "/api/v1/clients/attributes"
EMAIL = "sdk@example.com"
TTL = 3600  # the SDK's default ttl
EXPIRED = {"error": "Token is expired."}
ENDED = {"error": "The session has ended."}


class WorkerDied(Exception):
    """What the SDK throws when its refresh is refused and it has no password to log in with."""


@dataclass
class SdkWorker:
    """One process of an integration, holding the token pair it was built ``fromJwt`` with."""

    client: Client
    token: str
    refresh_token: str

    @classmethod
    async def log_in(cls, client: Client, email: str = EMAIL, ttl: int = TTL) -> SdkWorker:
        body = {"email": email, "password": PASSWORD, "ttl": ttl, "companyId": None, "extra": []}
        answer = await client.post(LOGIN, json=body)
        assert answer.status_code == 200, answer.text
        tokens = answer.json()
        return cls(client, tokens["token"], tokens["refreshToken"])

    def from_jwt(self) -> SdkWorker:
        """Another worker sharing this one's stored pair (``Authenticator::fromJwt``)."""
        return SdkWorker(self.client, self.token, self.refresh_token)

    async def refresh(self) -> None:
        answer = await self.client.get(
            REFRESH,
            params={"refreshToken": self.refresh_token, "ttl": str(TTL)},
            headers={"Authorization": self.token, "Content-Type": "application/json"},
        )
        if answer.status_code != 200:
            raise WorkerDied(answer.status_code, answer.json())
        tokens = answer.json()
        self.token, self.refresh_token = tokens["token"], tokens["refreshToken"]

    async def call(self, method: str, url: str, **kwargs: Any) -> Response:
        while True:
            headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
            answer = await self.client.request(method, url, headers=headers, **kwargs)
            if answer.status_code == 401 and answer.json() == EXPIRED:
                await self.refresh()
                continue
            return answer

    async def attributes(self) -> Response:
        return await self.call("GET", ATTRIBUTES)


async def _bare_get(client: Client, token: str) -> Response:
    return await client.get(ATTRIBUTES, headers={"Authorization": f"Bearer {token}"})


async def test_two_workers_sharing_a_pair_both_renew_it_after_expiry(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, EMAIL, PASSWORD)
    first = await SdkWorker.log_in(client)
    second = first.from_jwt()
    clock.advance(seconds=TTL + 5)

    assert (await first.attributes()).status_code == 200
    clock.advance(seconds=2)
    # The second worker renews the same stored pair: it gets the pair the first one got.
    assert (await second.attributes()).status_code == 200
    assert (second.token, second.refresh_token) == (first.token, first.refresh_token)
    # Both go on: the pair they share renews once more, and both keep working.
    clock.advance(seconds=TTL + 1)
    assert (await second.attributes()).status_code == 200
    assert (await first.attributes()).status_code == 200
    assert first.token == second.token


async def test_renewals_racing_each_other_get_one_pair(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, EMAIL, PASSWORD)
    shared = await SdkWorker.log_in(client)
    workers = [shared.from_jwt() for _ in range(6)]
    clock.advance(seconds=TTL)
    await asyncio.gather(*(worker.refresh() for worker in workers))
    assert len({(worker.token, worker.refresh_token) for worker in workers}) == 1
    assert all([(await worker.attributes()).status_code == 200 for worker in workers])


async def test_a_refresh_token_reused_after_the_grace_ends_the_whole_session(
    client: Client, settings: Settings, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, EMAIL, PASSWORD)
    owner = await SdkWorker.log_in(client)
    elsewhere = await SdkWorker.log_in(client)  # another login of the same person
    thief = owner.from_jwt()
    clock.advance(seconds=TTL)
    assert (await owner.attributes()).status_code == 200
    renewed = (owner.token, owner.refresh_token)

    clock.advance(seconds=settings.refresh_reuse_grace_seconds + 1)
    with pytest.raises(WorkerDied) as died:
        await thief.attributes()
    assert died.value.args == (
        401,
        {"error": "The refresh token was already used; the session has ended."},
    )
    # Every token descended from that login is dead: the renewed pair too.
    assert (await _bare_get(client, renewed[0])).json() == ENDED
    with pytest.raises(WorkerDied):
        await owner.refresh()
    # The person's other login is another family and goes on.
    assert (await elsewhere.attributes()).status_code == 200


async def test_a_refresh_leaves_the_old_access_token_working_until_its_exp(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, EMAIL, PASSWORD)
    worker = await SdkWorker.log_in(client)
    old = worker.token
    clock.advance(seconds=100)
    await worker.refresh()  # Authenticator::getAuthToken(true): a renewal before expiry
    assert worker.token != old

    # Another worker still holding the old token is not told the session has ended ...
    still = await _bare_get(client, old)
    assert still.status_code == 200, still.text
    # ... but that the token expired, at its own exp: the answer the SDK renews on.
    clock.advance(seconds=TTL - 100)
    assert (await _bare_get(client, old)).json() == EXPIRED
    assert (await worker.attributes()).status_code == 200


@pytest.mark.parametrize("change", ["password", "name"])
async def test_a_password_change_ends_the_users_login_sessions(
    client: Client, org: Org, clock: Clock, change: str
) -> None:
    clock.freeze()
    user = await make_user(org, EMAIL, PASSWORD)
    worker = await SdkWorker.log_in(client)
    # An administrator resets it through the native API (an API token acts as one).
    patch = {"password": "a brand new password"} if change == "password" else {"name": "Анна"}
    changed = await client.patch(f"/api/hub/v1/users/{user.id}", json=patch, headers=org.auth)
    assert changed.status_code == 200, changed.text

    answer = await _bare_get(client, worker.token)
    if change == "name":
        assert answer.status_code == 200
        return
    assert answer.status_code == 401
    assert answer.json() == ENDED
    with pytest.raises(WorkerDied):
        await worker.refresh()
    # API tokens are not login sessions; the new password logs in.
    assert (await client.get(ATTRIBUTES, headers=org.auth)).status_code == 200
    relogin = await client.post(LOGIN, json={"email": EMAIL, "password": "a brand new password"})
    assert relogin.status_code == 200


def _cookies(answer: Response) -> dict[str, dict[str, str]]:
    found = {}
    for header in answer.headers.get_list("set-cookie"):
        name_value, *attributes = (part.strip() for part in header.split(";"))
        name = name_value.split("=", 1)[0]
        found[name] = {
            key.lower(): value for key, _, value in (a.partition("=") for a in attributes)
        }
    return found


def _expires_in(attributes: dict[str, str]) -> float:
    return (parsedate_to_datetime(attributes["expires"]) - datetime.now(UTC)).total_seconds()


async def test_login_cookies_expire_with_their_tokens(
    client: Client, org: Org, clock: Clock
) -> None:
    clock.freeze()
    await make_user(org, EMAIL, PASSWORD)
    logged_in = await client.post(LOGIN, json={"email": EMAIL, "password": PASSWORD, "ttl": TTL})
    renewal = {"refreshToken": logged_in.json()["refreshToken"], "ttl": TTL}
    for answer in (logged_in, await client.post(REFRESH, json=renewal)):
        cookies = _cookies(answer)
        refresh_lifetime = TTL + timedelta(days=30).total_seconds()
        # Expires is a date: now + the token's lifetime (it was the year 2083).
        assert abs(_expires_in(cookies["token"]) - TTL) < 60
        assert abs(_expires_in(cookies["refresh_token"]) - refresh_lifetime) < 60
        assert cookies["token"]["max-age"] == str(TTL)
        assert cookies["refresh_token"]["max-age"] == str(int(refresh_lifetime))


async def test_the_sdks_query_request_fields_on_a_listing(
    client: Client, org: Org, clock: Clock
) -> None:
    await make_user(org, EMAIL, PASSWORD)
    worker = await SdkWorker.log_in(client)
    made = [
        (await worker.call("POST", ATTRIBUTES, json={"name": name})).json()["id"]
        for name in ("Город", "Возраст", "Имя", "Тема")
    ]
    # QueryRequest::toArray(true): the fields set, booleans as 1/0 (Guzzle's query builder).
    query = {"limit": "2", "offsetField": "id", "group": "name", "withoutCount": "0"}
    first = await worker.call("GET", ATTRIBUTES, params=query)
    assert first.status_code == 200, first.text
    assert [item["id"] for item in first.json()["items"]] == made[:2]
    after = {**query, "offsetValue": made[1]}
    second = (await worker.call("GET", ATTRIBUTES, params=after)).json()
    assert [item["id"] for item in second["items"]] == made[2:]
    assert second["count"] == 4
    last = (await worker.call("GET", ATTRIBUTES, params={**query, "offsetValue": made[3]})).json()
    assert last["items"] == []


@pytest.mark.parametrize(
    ("value", "stored"), [(42, "42"), (-7, "-7"), (4.5, "4.5"), (True, "true"), (False, "false")]
)
async def test_a_number_or_boolean_value_is_stored_as_its_text(
    client: Client, org: Org, value: object, stored: str
) -> None:
    await make_user(org, EMAIL, PASSWORD)
    worker = await SdkWorker.log_in(client)
    contact = await make_contact(org, "Иван")
    attribute = (await worker.call("POST", ATTRIBUTES, json={"name": "Возраст"})).json()["id"]
    url = f"/api/v1/clients/{contact.uuid}/attributes"
    answer = await worker.call("POST", f"{url}/{attribute}", json={"value": value})
    assert answer.status_code == 200, answer.text
    listed = (await worker.call("GET", url)).json()
    assert [item["value"] for item in listed["items"]] == [stored]
