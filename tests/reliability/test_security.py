"""Credentials and error hygiene on every dialect (issue 8, OWASP API2/API4/API8).

revoked API tokens      refused at once in this process, within PRINCIPAL_TTL elsewhere
TWIN login tokens       refused once expired, refreshed or their user is disabled
secrets at rest         only SHA-256 of tokens, argon2id of passwords, in any table
comparisons             through hmac.compare_digest / argon2's verify, spied on
login attempts          limited per account and per client address
request bodies          over the limit: 413 in the dialect's own envelope
errors                  no stack trace, SQL or driver text in any body
headers                 nosniff, no framing, no referrer, no-store, CSP; on hot-lane answers
                        and unrouted paths too; /docs' CSP still lets Swagger UI load
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest
from argon2 import PasswordHasher
from httpx import AsyncClient
from litestar import Litestar

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core import tokens
from contacthub.core.scope import Hub
from contacthub.db import postgres as postgres_layer
from contacthub.db import sqlite as sqlite_layer
from contacthub.db.models import TABLES_CHILDREN_FIRST
from contacthub.server.hot_lane import HotLane
from contacthub.server.security_headers import DOCS_POLICY, with_security_headers
from tests.factories import Org, make_base, make_bot, make_contact, make_list, make_token, make_user
from tests.reliability.envelopes import VALIDATORS
from tests.support import TestClock

PASSWORD = "correct horse battery"
LOGIN = "/api/v1/auth/login"


@dataclass(frozen=True)
class Probe:
    """A request that answers 200 for a good credential of the organization."""

    dialect: str
    method: str
    url: str
    hot: bool = False  # one the hot lane answers
    query: tuple[tuple[str, str], ...] = ()

    def send(self, client: AsyncClient, token: str, **extra: Any) -> Any:
        headers: dict[str, str] = {"Accept": "application/json"}
        params = dict(self.query)
        if self.dialect == "watbot":
            params["api_token"] = token
        elif self.dialect == "obzvonilka":
            headers["X-API-KEY"] = token  # the header form, which the hot lane takes
        else:
            headers["Authorization"] = f"Bearer {token}"
        if self.dialect == "plusofon":
            headers["Client"] = "10553"
        return client.request(self.method, self.url, params=params, headers=headers, **extra)


async def probes(org: Org) -> list[Probe]:
    """One Litestar route and the hot-lane routes of each dialect, on records of ``org``."""
    base = await make_base(org, "База")
    bot = await make_bot(org)
    contact = await make_contact(org, "Иван", ["79161234567"], base_id=base.id, bot_id=bot.id)
    found = await make_list(org, "Список", entries={"Пётр": ["79160000000"]})
    return [
        Probe("native", "GET", "/api/hub/v1/contacts"),
        Probe("native", "GET", f"/api/hub/v1/contacts/{contact.id}", hot=True),
        Probe("native", "GET", "/api/hub/v1/phones/79161234567", hot=True),
        Probe("obzvonilka", "GET", "/api/users.json"),
        Probe("obzvonilka", "GET", f"/api/contact_bases/{base.id}/contacts/{contact.id}.json",
              hot=True),
        Probe("watbot", "GET", "/api/v1/getMe"),
        Probe("watbot", "GET", "/api/v1/getContactVariables", hot=True,
              query=(("contact_id", str(contact.id)),)),
        Probe("twin", "GET", "/api/v1/clients/attributes"),
        Probe("twin", "GET", f"/api/v1/clients/{contact.uuid}/attributes"),
        Probe("plusofon", "GET", "/api/v1/contact-lists"),
        Probe("plusofon", "GET", f"/api/v1/contact-lists/{found.id}", hot=True),
    ]  # fmt: skip


async def statuses(client: AsyncClient, checks: list[Probe], token: str) -> dict[str, int]:
    return {f"{p.method} {p.url}": (await p.send(client, token)).status_code for p in checks}


def all_are(status: int, answers: dict[str, int]) -> bool:
    return set(answers.values()) == {status}


@pytest.fixture
def hot_answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hot reads the hot lane answered itself (it passes the others on to Litestar)."""
    answered: list[str] = []
    original = HotLane.answer

    async def spy(
        self: HotLane, read: Any, params: Any, query: bytes, headers: Any
    ) -> bytes | None:
        answer = await original(self, read, params, query, headers)
        if answer is not None:
            answered.append(read.answer.__name__)
        return answer

    monkeypatch.setattr(HotLane, "answer", spy)
    return answered


# --- revoked and expired credentials -------------------------------------------------------


async def test_a_revoked_token_is_refused_at_once_by_every_dialect(
    client: AsyncClient, org: Org, hot_answers: list[str]
) -> None:
    checks = await probes(org)
    second = await make_token(org)
    assert all_are(200, await statuses(client, checks, second))  # and now remembered
    assert len(hot_answers) == sum(p.hot for p in checks)
    listed = (await client.get("/api/hub/v1/tokens", headers=org.auth)).json()["items"]
    revoked = await client.delete(f"/api/hub/v1/tokens/{listed[-1]['id']}", headers=org.auth)
    assert revoked.status_code == 204

    assert all_are(401, await statuses(client, checks, second))
    assert all_are(200, await statuses(client, checks, org.token))


async def test_a_token_revoked_by_another_process_is_refused_after_the_cache_ttl(
    client: AsyncClient, hub: Hub, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = await probes(org)
    second = await make_token(org)
    assert all_are(200, await statuses(client, checks, second))
    # Another worker or the CLI revokes it: this process's cache hears nothing of it.
    async with hub.db.write() as conn:
        await conn.execute(
            "UPDATE api_tokens SET revoked_at = created_at WHERE secret_hash = :h",
            {"h": hashlib.sha256(second.encode()).hexdigest()},
        )
    later = time.monotonic() + tokens.PRINCIPAL_TTL + 0.01
    monkeypatch.setattr(tokens, "time", SimpleNamespace(monotonic=lambda: later))
    assert all_are(401, await statuses(client, checks, second))


LOGIN_DIALECTS = {"twin", "plusofon"}


async def _log_in(client: AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    answer = await client.post(LOGIN, json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_login_tokens_are_refused_once_expired_ended_or_disabled(
    client: AsyncClient, org: Org, clock: TestClock, settings: Settings
) -> None:
    clock.freeze()
    user = await make_user(org, "op@example.com", PASSWORD)
    # TWIN's and Plusofon's logins make the same core session; the other APIs take API tokens.
    login = [p for p in await probes(org) if p.dialect in LOGIN_DIALECTS]
    others = [p for p in await probes(org) if p.dialect not in LOGIN_DIALECTS]

    first = await _log_in(client, user.email)
    assert all_are(200, await statuses(client, login, first["token"]))
    # No dialect without a login takes a login token as its credential.
    assert all_are(401, await statuses(client, others, first["token"]))
    clock.advance(seconds=settings.twin_token_ttl_seconds)
    expired = await statuses(client, login, first["token"])
    assert all_are(401, expired)

    clock.freeze()
    second = await _log_in(client, user.email)
    renewal = {"refreshToken": second["refreshToken"]}
    renewed = await client.post("/api/v1/auth/refresh", json=renewal)
    assert renewed.status_code == 200
    # A renewed token works until its exp (TWIN's SDK renews only when told it expired) ...
    assert all_are(200, await statuses(client, login, second["token"]))
    assert all_are(200, await statuses(client, login, renewed.json()["token"]))
    # ... unless its login ends: its refresh token comes back after the grace, as a thief's would.
    clock.advance(seconds=settings.refresh_reuse_grace_seconds + 1)
    assert (await client.post("/api/v1/auth/refresh", json=renewal)).status_code == 401
    for token in (second["token"], renewed.json()["token"]):
        assert all_are(401, await statuses(client, login, token))

    third = await _log_in(client, user.email)
    disabled = await client.patch(
        f"/api/hub/v1/users/{user.id}", json={"account_enabled": False}, headers=org.auth
    )
    assert disabled.status_code == 200, disabled.text
    assert all_are(401, await statuses(client, login, third["token"]))


# --- secrets at rest -------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def test_the_database_keeps_only_hashes_of_secrets(
    client: AsyncClient, hub: Hub, org: Org
) -> None:
    made = await client.post("/api/hub/v1/tokens", json={"label": "ci"}, headers=org.auth)
    secret = made.json()["secret"]
    password = "a long secret password"
    user = await client.post(
        "/api/hub/v1/users",
        json={"email": "keeper@example.com", "password": password},
        headers=org.auth,
    )
    assert user.status_code == 201, user.text
    session = await _log_in(client, "keeper@example.com", password)
    stranger = "stranger@example.org"
    assert (await client.post(LOGIN, json={"email": stranger, "password": "x"})).status_code == 401

    plain = [org.token, secret, password, session["token"], session["refreshToken"], stranger]
    async with hub.db.read() as conn:
        for table in TABLES_CHILDREN_FIRST:
            for row in await conn.fetch_all(f"SELECT * FROM {table}"):
                text = repr([row[key] for key in row.keys()])  # noqa: SIM118
                assert not [p for p in plain if p in text], table
        hashes = {row["secret_hash"] for row in await conn.fetch_all("SELECT * FROM api_tokens")}
        (stored,) = await conn.fetch_all("SELECT password_hash FROM users")
        (kept,) = await conn.fetch_all("SELECT access_hash, refresh_hash FROM user_sessions")
    assert hashes == {_sha256(org.token), _sha256(secret)}
    assert stored["password_hash"].startswith("$argon2id$")
    assert PasswordHasher().verify(stored["password_hash"], password)
    assert (kept["access_hash"], kept["refresh_hash"]) == (
        _sha256(session["token"]),
        _sha256(session["refreshToken"]),
    )


# --- constant-time comparisons ---------------------------------------------------------------


async def test_secrets_are_compared_in_constant_time(
    client: AsyncClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    verified: list[str] = []
    looked_up: list[str] = []
    real_compare, real_verify, real_hash = (
        hmac.compare_digest,
        PasswordHasher.verify,
        tokens.token_hash,
    )

    def compare(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return real_compare(a, b)

    def verify(self: PasswordHasher, stored: Any, password: Any) -> Any:
        verified.append(password)
        return real_verify(self, stored, password)

    def digest(secret: str) -> str:
        looked_up.append(secret)
        return real_hash(secret)

    monkeypatch.setattr(hmac, "compare_digest", compare)
    monkeypatch.setattr(PasswordHasher, "verify", verify)
    monkeypatch.setattr(tokens, "token_hash", digest)
    await make_user(org, "op@example.com", PASSWORD)
    checks = await probes(org)

    # Plusofon's Client code, both lanes.
    for probe in (p for p in checks if p.dialect == "plusofon"):
        compared.clear()
        assert (await probe.send(client, org.token)).status_code == 200
        assert (b"10553", b"10553") in compared
    # Passwords: argon2's verify, for a known e-mail and (against a dummy hash) an unknown one.
    session = await _log_in(client, "op@example.com")
    assert (
        await client.post(LOGIN, json={"email": "no@x.org", "password": "guess"})
    ).status_code == 401
    assert verified == [PASSWORD, "guess"]
    # A login token's signature.
    compared.clear()
    twin = next(p for p in checks if p.dialect == "twin")
    assert (await twin.send(client, session["token"])).status_code == 200
    assert [len(a) for a, _ in compared] == [32]
    # API tokens are never compared as text: the database looks up the SHA-256 of the secret
    # (256 random bits), so timing can tell at most a prefix of a hash nobody can invert.
    for probe in checks:
        looked_up.clear()
        tokens_cache_off(org)
        assert (await probe.send(client, org.token)).status_code == 200, probe
        assert looked_up == [org.token], probe


def tokens_cache_off(org: Org) -> None:
    org.hub.principals.clear()


# --- login rate limits -------------------------------------------------------------------------


LOGIN_LIMIT = 3  # attempts a minute: the rule is the same at 10, the test is faster
LOGIN_CEILING = 6


@pytest.fixture
async def from_address(settings: Settings, hub: Hub) -> AsyncIterator[Callable[[str], AsyncClient]]:
    """Clients that come from a given address, of an app that allows LOGIN_LIMIT attempts."""
    app = create_app(
        settings.model_copy(
            update={
                "login_attempts_per_minute": LOGIN_LIMIT,
                "login_attempts_ceiling_per_minute": LOGIN_CEILING,
            }
        ),
        hub=hub,
    )
    made: list[AsyncClient] = []

    def client_from(address: str) -> AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        made.append(AsyncClient(transport=transport, base_url="http://contacthub.test"))
        return made[-1]

    yield client_from
    for each in made:
        await each.aclose()


async def test_one_account_from_one_address_is_limited_at_the_ordinary_limit(
    from_address: Callable[[str], AsyncClient], org: Org, clock: TestClock
) -> None:
    clock.freeze()
    await make_user(org, "op@example.com", PASSWORD)
    await make_user(org, "colleague@example.com", PASSWORD)
    office = from_address("203.0.113.7")
    for _ in range(LOGIN_LIMIT):
        answer = await office.post(LOGIN, json={"email": "op@example.com", "password": "guess"})
        assert answer.status_code == 401
    refused = await office.post(LOGIN, json={"email": "op@example.com", "password": PASSWORD})
    assert refused.status_code == 429  # even with the right password
    assert set(refused.json()) == {"error"}
    assert int(refused.headers["retry-after"]) > 0
    # Behind the same address (an office's NAT) another account logs in: was a 429, and a C#
    # client that logs in before every call then went on with a null token.
    colleague = {"email": "colleague@example.com", "password": PASSWORD}
    assert (await office.post(LOGIN, json=colleague)).status_code == 200
    # The same account from elsewhere is not blocked either (no lock-out by a stranger).
    assert (await from_address("203.0.113.8").post(
        LOGIN, json={"email": "op@example.com", "password": PASSWORD}
    )).status_code == 200  # fmt: skip
    clock.advance(seconds=61)
    assert (await office.post(
        LOGIN, json={"email": "op@example.com", "password": PASSWORD}
    )).status_code == 200  # fmt: skip


async def test_spraying_from_one_address_meets_the_ceiling(
    from_address: Callable[[str], AsyncClient], org: Org, clock: TestClock
) -> None:
    clock.freeze()
    await make_user(org, "op@example.com", PASSWORD)
    sprayer = from_address("203.0.113.7")
    for n in range(LOGIN_CEILING):  # a different account each time: the address is what counts
        answer = await sprayer.post(LOGIN, json={"email": f"u{n}@x.org", "password": "guess"})
        assert answer.status_code == 401
    refused = await sprayer.post(LOGIN, json={"email": "op@example.com", "password": PASSWORD})
    assert refused.status_code == 429


async def test_one_account_from_many_addresses_meets_the_ceiling(
    from_address: Callable[[str], AsyncClient], org: Org, clock: TestClock
) -> None:
    clock.freeze()
    await make_user(org, "op@example.com", PASSWORD)
    for n in range(LOGIN_CEILING):
        answer = await from_address(f"198.51.100.{n}").post(
            LOGIN, json={"email": "op@example.com", "password": "guess"}
        )
        assert answer.status_code == 401
    late = await from_address("198.51.100.200").post(
        LOGIN, json={"email": "op@example.com", "password": PASSWORD}
    )
    assert late.status_code == 429
    clock.advance(seconds=61)
    assert (await from_address("198.51.100.200").post(
        LOGIN, json={"email": "op@example.com", "password": PASSWORD}
    )).status_code == 200  # fmt: skip


# --- request body limits -----------------------------------------------------------------------

# Each dialect's 413, in its own envelope.


async def test_a_body_over_the_limit_is_refused_in_each_dialects_envelope(
    settings: Settings, hub: Hub, org: Org
) -> None:
    limit = 4096
    small = create_app(settings.model_copy(update={"max_body_bytes": limit}), hub=hub)
    base = await make_base(org)
    await make_user(org, "op@example.com", PASSWORD)
    found = await make_list(org)
    transport = httpx.ASGITransport(app=small)
    async with AsyncClient(transport=transport, base_url="http://contacthub.test") as client:
        session = await _log_in(client, "op@example.com")
        big = msgspec.json.encode({"name": "x" * (limit + 1)})
        jwt = {"Authorization": f"Bearer {session['token']}"}
        key = {"X-API-KEY": org.token}
        calls = [
            ("native", "POST", "/api/hub/v1/contacts", {}),
            ("watbot", "POST", f"/api/v1/getMe?api_token={org.token}", {}),
            ("obzvonilka", "POST", f"/api/contact_bases/{base.id}/contacts.json", key),
            ("twin", "POST", "/api/v1/clients/attributes", jwt),
            ("plusofon", "PUT", f"/api/v1/contact-lists/{found.id}", {"Client": "10553"}),
            ("twin", "POST", LOGIN, {}),
        ]  # fmt: skip
        for dialect, method, url, extra in calls:
            headers = {**org.auth, "Content-Type": "application/json", **extra}
            for body in (big, _chunks(big)):  # with a Content-Length, and chunked without one
                answer = await client.request(method, url, content=body, headers=headers)
                assert answer.status_code == 413, (url, answer.status_code, answer.text)
                VALIDATORS[dialect](answer)  # raises with the answer when off the envelope


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), 1000):
        yield data[start : start + 1000]


def test_the_default_limit_takes_plusofons_largest_list() -> None:
    # PUT of a 100,000-number list (the vendor's own maximum), names of the longest kind we see.
    entry = msgspec.json.encode({"name": "Абонент номер 099999", "phones": ["79160099999"]})
    frame = msgspec.json.encode({"name": "Список", "type": "black", "contacts": []})
    size = len(frame) + 100_000 * (len(entry) + 1)
    assert size < Settings(_env_file=None).max_body_bytes  # type: ignore[call-arg]


# --- error bodies ----------------------------------------------------------------------------

LEAKY = re.compile(
    r"Traceback|File \"|SELECT|FROM |asyncpg|sqlite3|no such column|psycopg|boom|10\.0\.0\.5"
)


@pytest.mark.parametrize(
    "failure",
    [
        RuntimeError('boom: SELECT secret FROM contacts -- File "/src/x.py", line 1'),
        # What each database layer makes of its driver's words (they go to the log only).
        sqlite_layer._translate(sqlite3.OperationalError("no such column: contacts.secret")),
        postgres_layer._translate(
            asyncpg.exceptions.ConnectionDoesNotExistError("connection to 10.0.0.5:5432 closed")
        ),
    ],
    ids=["bug", "sqlite-driver", "postgres-driver"],
)
async def test_error_bodies_hold_no_trace_sql_or_driver_text(
    client: AsyncClient, org: Org, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    checks = await probes(org)

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise failure

    # Past authentication (which reads the database by itself), at the first read of a handler.
    monkeypatch.setattr(Hub, "reading", fail)
    for probe in checks:
        answer = await probe.send(client, org.token)
        assert answer.status_code == (500 if isinstance(failure, RuntimeError) else 503), probe
        assert not LEAKY.search(answer.text), (probe, answer.text)
        VALIDATORS[probe.dialect](answer)


# --- security headers --------------------------------------------------------------------------

EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


async def test_every_answer_carries_the_security_headers(
    client: AsyncClient, org: Org, hot_answers: list[str]
) -> None:
    checks = await probes(org)
    answers = [await p.send(client, org.token) for p in checks]  # Litestar and hot lane
    assert len(hot_answers) == sum(p.hot for p in checks)
    answers += [await p.send(client, "chk_wrong") for p in checks]  # 401s
    for method, url in [
        ("GET", "/nowhere"), ("GET", "/api/hub/v1/nowhere"), ("GET", "/api/v1/nowhere"),
        ("GET", "/api/nowhere.json"), ("DELETE", "/api/hub/v1/organization"),
        ("PUT", "/api/v1/contact-lists/types"), ("GET", "/healthz"), ("GET", "/openapi.json"),
        ("GET", "/docs"), ("GET", "/metrics"),
    ]:  # fmt: skip
        answers.append(await client.request(method, url))
    for answer in answers:
        for name, value in EXPECTED_HEADERS.items():
            assert answer.headers.get(name) == value, (answer.request.url, name)
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, answer.request.url
        if answer.request.url.path != "/docs":
            assert policy.startswith("default-src 'none'"), answer.request.url


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (directive, source)
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if tag == "script":
            self.found.append(("script-src", given.get("src") or "'unsafe-inline'"))
        elif tag == "style":
            self.found.append(("style-src", "'unsafe-inline'"))
        elif tag == "link" and given.get("href"):
            directive = "style-src" if given.get("rel") == "stylesheet" else "img-src"
            self.found.append((directive, str(given["href"])))
        elif tag == "img" and given.get("src"):
            self.found.append(("img-src", str(given["src"])))
        if given.get("style"):
            self.found.append(("style-src", "'unsafe-inline'"))


def _allows(policy: str, directive: str, source: str) -> bool:
    rules = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    allowed = rules.get(directive, rules.get("default-src", "'none'")).split()
    if source.startswith("'"):
        return source in allowed
    if source.startswith("/") and not source.startswith("//"):
        return "'self'" in allowed
    origin = re.match(r"https?://[^/]+", source)
    return origin is not None and origin.group(0) in allowed


async def test_the_docs_policy_lets_swagger_ui_load_what_it_needs(client: AsyncClient) -> None:
    docs = await client.get("/docs")
    assert docs.headers["content-security-policy"] == DOCS_POLICY
    parser = _Assets()
    parser.feed(docs.text)
    assert ("script-src", "'unsafe-inline'") in parser.found  # the script that starts the UI
    assert len(parser.found) >= 4
    blocked = [(d, s) for d, s in parser.found if not _allows(DOCS_POLICY, d, s)]
    assert blocked == []
    # "Try it out" calls this server; nothing else may be reached or frame the page.
    assert _allows(DOCS_POLICY, "connect-src", "'self'")
    assert not _allows(DOCS_POLICY, "script-src", "https://evil.example/x.js")


async def test_the_docs_page_loads_nothing_from_another_origin(client: AsyncClient) -> None:
    """contacthub runs offline: every file /docs links is served by contacthub itself."""
    docs = await client.get("/docs")
    parser = _Assets()
    parser.feed(docs.text)
    linked = [source for _, source in parser.found if not source.startswith("'")]
    assert len(linked) == 4  # the bundle, the preset, the stylesheet, the icon
    assert all(source.startswith("/docs/assets/") for source in linked), linked
    assert "https:" not in DOCS_POLICY
    for source in linked:
        asset = await client.get(source)
        assert asset.status_code == 200, source
        assert len(asset.content) > 500, source
    assert (await client.get("/docs/assets/index.html")).status_code == 404
    assert (await client.get("/docs/assets/..%2F__init__.py")).status_code == 404


# --- ids no row can have -----------------------------------------------------------------------


async def test_native_ids_past_64_bits_are_404_not_driver_errors(
    client: AsyncClient, app: Litestar, org: Org
) -> None:
    huge = str(2**63)  # one past BIGINT: a 500 on SQLite, asyncpg's text in a 422 on PostgreSQL
    routes = [
        (method, route.path)
        for route in app.routes
        if route.path.startswith("/api/hub/v1/") and ":int}" in route.path
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
    ]
    assert len(routes) > 20
    for method, template in routes:
        url = re.sub(r"\{\w+:int\}", huge, template)
        url = re.sub(r"\{\w+:str\}", "x", url)
        answer = await client.request(method, url, json={}, headers=org.auth)
        assert answer.status_code == 404, (method, url, answer.text)
        assert answer.json()["code"] == "not_found"
        assert not LEAKY.search(answer.text)


def test_a_security_header_the_answer_sets_itself_is_left_as_it_is() -> None:
    sent = [(b"content-type", b"text/csv"), (b"Cache-Control", b"private, max-age=60")]
    headers = with_security_headers(sent, "/api/hub/v1/exports")
    names = [name.lower() for name, _ in headers]
    assert names.count(b"cache-control") == 1
    assert (b"Cache-Control", b"private, max-age=60") in headers
    assert (b"x-content-type-options", b"nosniff") in headers
    plain = with_security_headers([(b"content-type", b"application/json")], "/docs")
    assert dict(plain)[b"content-security-policy"] == DOCS_POLICY.encode()
