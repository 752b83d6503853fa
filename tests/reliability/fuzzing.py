"""The vendor-dialect fuzzer: hypothesis draws whole HTTP requests for every route of a dialect
and sends them through the real ASGI app (hot lane included); envelopes.check judges each answer.

    app.routes claimed by the dialect ──> Endpoint(path template, methods)
    seed(): one organization with contacts, tags, fields, a base, a bot, a list, a user
    requests(): route ─ method ─ path ids ─ query ─ body (JSON/form/multipart/raw) ─ headers
                                                   └─ credentials: valid, wrong, missing, broken
    run(): hypothesis in a worker thread; each request goes to the test's event loop (the Hub's
           connections belong to it) and back

Routes are read from the app, so a new route is fuzzed without touching this file. The names of
parameters come from the dialect's own source (every identifier-like string constant), so the
fuzzer hits real fields with wrong values, not only random keys that every handler ignores.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar

from contacthub.app import default_dialects
from contacthub.core import fields as core_fields
from contacthub.core import tokens
from contacthub.core.scope import Hub
from tests.factories import Org, make_base, make_bot, make_contact, make_list, make_org, make_user
from tests.reliability import envelopes

# httpx._urlparse.MAX_URL_LENGTH, less room for the client's base URL joined in front.
HTTPX_MAX_URL_LENGTH = 65_536 - 256

SRC = Path(__file__).resolve().parents[2] / "src" / "contacthub" / "dialects"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND")
CREDENTIAL_NAMES = frozenset({"api_token", "api_key", "authorization", "bearer", "token", "client"})
PASSWORD = "correct horse battery"  # the seeded user's, for TWIN's login

# --- profiles --------------------------------------------------------------------------------
# "ci" (default): bounded and derandomized, so a CI failure is the same failure on every run and
# on a laptop; random exploration is the long run's job. "long": >= 2,000 cases per dialect and
# database, a fresh random seed each time (CONTACTHUB_FUZZ=long, see docs/reliability/fuzzing.md).
_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": list(HealthCheck),
}
settings.register_profile("fuzz-ci", max_examples=50, derandomize=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("fuzz-long", max_examples=2000, **_COMMON)  # type: ignore[arg-type]
PROFILE = "fuzz-long" if os.environ.get("CONTACTHUB_FUZZ") == "long" else "fuzz-ci"


def examples(default: int | None = None) -> int:
    """Cases per run in the active profile (``CONTACTHUB_FUZZ_EXAMPLES`` overrides)."""
    override = os.environ.get("CONTACTHUB_FUZZ_EXAMPLES")
    if override:
        return int(override)
    profile = settings.get_profile(PROFILE)
    return default if default is not None and PROFILE == "fuzz-ci" else profile.max_examples


# --- what to aim at --------------------------------------------------------------------------
@dataclass(frozen=True)
class Endpoint:
    path: str  # Litestar's template: /api/v1/contact-lists/{list_id:str}
    methods: tuple[str, ...]


_PARAM = re.compile(r"\{(\w+):\w+\}")


def endpoints(app: Litestar, dialect: str) -> list[Endpoint]:
    claims = next(d for d in default_dialects() if d.name == dialect).claims
    found = [
        Endpoint(route.path, tuple(sorted(route.methods)))
        for route in app.routes
        if claims(route.path)
    ]
    assert found, f"no routes for {dialect}"
    return found


def param_names(dialect: str) -> list[str]:
    """Identifier-like string constants of the dialect's source: its parameter and field names."""
    names: set[str] = set()
    for path in (SRC / dialect).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)  # a wire Struct's field
    return sorted(n for n in names if re.fullmatch(r"[a-z][A-Za-z0-9_]{1,30}", n))


# --- the seeded store ------------------------------------------------------------------------
@dataclass
class Seed:
    org: Org
    ids: list[str] = field(default_factory=list)  # every valid id or code of the store
    email: str = ""
    own_token_ids: set[str] = field(default_factory=set)  # the native fuzzer must not revoke them
    # UUIDs of the store by kind (``contact``, ``field``): TWIN addresses records by them.
    uuids: dict[str, list[str]] = field(default_factory=dict)


async def seed(hub: Hub) -> Seed:
    org = await make_org(hub, "Fuzz")
    base = await make_base(org, "База")
    bot = await make_bot(org)
    ids = [str(base.id), str(bot.id)]
    contact_uuids = []
    for i in range(3):
        contact = await make_contact(
            org,
            f"Контакт {i}",
            [f"7999123456{i}"],
            tags=["vip", f"тег{i}"],
            fields={"city": "Москва", f"f{i}": "x"},
            base_id=base.id,
            bot_id=bot.id,
            external_code=f"ext-{i}",
            email=f"c{i}@example.com",
        )
        ids += [str(contact.id), f"ext-{i}"]
        contact_uuids.append(contact.uuid)
    black = await make_list(org, entries={"Иван": ["79990000001"]})
    user = await make_user(org, password=PASSWORD)
    ids += [str(black.id), str(user.id), "1", "2", "3"]
    async with hub.reading(org.id) as s:
        field_uuids = [f.uuid for f in await core_fields.list_fields(s)]
    uuids = {"contact": contact_uuids, "field": field_uuids}
    return Seed(org=org, ids=sorted(set(ids)), email=user.email, uuids=uuids)


# --- values ----------------------------------------------------------------------------------
BIG = "9" * 4301  # past Python's int-from-string limit (4300 digits)
# Nesting depths: just past the bound (json_input.MAX_DEPTH), where our own recursive code
# failed (~400), and where the decoder's recursion limit did (~1,000).
DEPTHS = (33, 400, 1_000, 5_000)


def _nested(text: str, depth: int, in_objects: bool) -> str:
    """``text`` (a JSON value) inside ``depth`` objects or arrays."""
    if in_objects:
        return '{"a":' * depth + text + "}" * depth
    return "[" * depth + text + "]" * depth


JUNK_IDS = [
    "",
    "0",
    "-1",
    "-0",
    "+5",
    " 7 ",
    "1.0",
    "1e3",
    "1e309",
    "0x1f",
    "²",
    "١٢٣",
    "１２",
    "٣",
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    str(10**30),
    BIG,
    "00000000000000000000000000001",
    "NaN",
    "null",
    "[]",
    "{}",
    "\x00",
    "%00",
    "' OR 1=1 --",
    "🙂",
    "ext-0",
    "a" * 300,
    "123e4567-e89b-12d3-a456-426614174000",
    "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
    "..",
    ".json",
]
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_junk = st.sampled_from(JUNK_IDS)


# Numbers as clients mistype them and as parsers mis-take them (isdigit() is true for "²").
NUMBERISH = [
    "²",
    "١٢٣",
    "１２",
    "٣",
    BIG,
    "-" + BIG,
    str(10**30),
    str(-(10**30)),
    str(2**63),
    str(-(2**63) - 1),
    "-1",
    "0",
    "1.5",
    "1e309",
    " 7 ",
    "+5",
    "1_000",
]
_numberish = st.sampled_from(NUMBERISH)


def scalars(ids: Sequence[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        _numberish,
        _numberish,
        _numberish,
        _text,
        _junk,
        st.sampled_from(ids),
        st.sampled_from(ids),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from([10**30, -(10**30), 2**63, -(2**63) - 1, 0, 1, -1]),
        st.floats(),
        st.booleans(),
        st.none(),
        st.just("x" * 70_000),
    )


def json_values(ids: Sequence[str], keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5)

    return st.recursive(
        scalars(ids) | st.text(max_size=10),  # lone surrogates too, JSON-escaped
        containers,
        max_leaves=12,
    )


def form_keys(names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Rails-style nesting (contact[phone1], tags[], a[b][c]) as well as plain names.
    return st.one_of(
        names,
        st.builds(lambda a, b: f"{a}[{b}]", names, names),
        st.builds(lambda a: f"{a}[]", names),
        st.builds(lambda a, b: f"{a}[][{b}]", names, names),
        st.builds(lambda a, b, c: f"{a}[{b}][{c}]", names, names, names),
        st.just("[]"),
        st.just("a]["),
    )


def to_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | None | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


# --- requests --------------------------------------------------------------------------------
@dataclass
class FuzzRequest:
    method: str
    url: str
    headers: list[tuple[bytes, bytes]]
    content: bytes
    # The schemathesis case it was built from (native), for judges that read the document.
    case: Any = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        # Short: hypothesis prints the falsifying request, and bodies may be 70 kB.
        def cut(text: object) -> str:
            shown = repr(text)
            return shown if len(shown) <= 300 else f"{shown[:300]}...({len(shown)} chars)"

        return f"FuzzRequest({self.method} {cut(self.url)} {cut(self.headers)} {cut(self.content)})"

    def sent(self) -> str:
        head = " ".join(f"{k!r}{v!r}" for k, v in self.headers)
        return f"{urllib.parse.unquote(self.url)} {head} {self.content.decode('utf-8', 'replace')}"


@dataclass(frozen=True)
class Credentials:
    """Where the credential goes: query pairs, headers and body fields to add."""

    query: list[tuple[str, str]] = field(default_factory=list)
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: dict[str, Any] = field(default_factory=dict)


# (draw, seed, token or None for a wrong one) -> where to put it
CredentialRule = Callable[[st.DrawFn, Seed, str], Credentials]

BROKEN_AUTHORIZATION = [
    b"Bearer",
    b"Bearer ",
    b"bearer  \t ",
    b"Basic Zm9vOmJhcg==",
    b"Bearer chk_",
    b"Bearer chk_" + b"A" * 5000,
    b"Bearer \xff\xfe",
    b"Bearer eyJhbGciOiJub25lIn0.e30.",
    b"Bearer a.b.c",
    b"Bearer " + BIG.encode(),
    b"\x00",
    "Bearer тест".encode(),
]

CONTENT_TYPES = [
    b"application/json",
    b"application/json; charset=utf-8",
    b"application/json; charset=koi8-r",
    b"application/json; charset=junk!!",
    b"application/x-www-form-urlencoded",
    b"application/x-www-form-urlencoded; charset=cp1251",
    b"multipart/form-data",
    b"multipart/form-data; boundary=",
    b"multipart/form-data; boundary=fuzzbnd",
    b"text/plain",
    b"application/xml",
    b"application/vnd.api+json",
    b"",
    b";;;",
    b"application/json\xff",
]


def _multipart(fields: list[tuple[str, str]], draw: st.DrawFn) -> bytes:
    parts = []
    for name, value in fields:
        quoted = name.replace('"', "%22")
        parts.append(
            f'--fuzzbnd\r\nContent-Disposition: form-data; name="{quoted}"\r\n\r\n{value}\r\n'
        )
    if draw(st.booleans()):
        parts.append(
            '--fuzzbnd\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            "Content-Type: text/csv\r\n\r\nphone,name\r\n79990000000,x\r\n"
        )
    body = "".join(parts) + "--fuzzbnd--\r\n"
    if draw(st.integers(0, 9)) == 0:
        body = body[: draw(st.integers(0, len(body)))]  # cut short: malformed multipart
    return body.encode("utf-8", "surrogatepass")


def _fill_path(draw: st.DrawFn, template: str, ids: Sequence[str]) -> str:
    def one(_: re.Match[str]) -> str:
        value = draw(st.sampled_from(ids) | _junk | _text)
        if draw(st.integers(0, 5)) == 0:
            value += ".json"
        return urllib.parse.quote(value, safe="")

    return _PARAM.sub(one, template)


@st.composite
def requests(
    draw: st.DrawFn, routes: Sequence[Endpoint], seed: Seed, names: Sequence[str], rule: Any
) -> FuzzRequest:
    route = draw(st.sampled_from(routes))
    accepted = [m for m in route.methods if m != "OPTIONS"] or list(route.methods)
    method = draw(
        st.sampled_from(accepted) if draw(st.integers(0, 5)) else st.sampled_from(METHODS)
    )
    path = _fill_path(draw, route.path, seed.ids)
    # The credential rule alone places credentials (a random api_token would mostly mean 401).
    names = [n for n in names if n not in CREDENTIAL_NAMES]
    known = st.sampled_from(names)
    keys = st.one_of(known, known, known, _text)
    values = scalars(seed.ids)

    # Credentials: mostly valid, so that requests reach the handlers.
    token = draw(
        st.sampled_from([seed.org.token] * 8 + ["chk_unknown", "", BIG, seed.org.token + "x"])
    )
    creds: Credentials = rule(draw, seed, token)

    # Real servers cap a request line near 8 kB (httpx refuses 64 kB): long values go in bodies.
    short = values.map(lambda v: to_text(v)[:6000])
    query = [*creds.query, *draw(st.lists(st.tuples(form_keys(keys), short), max_size=5))]
    if draw(st.booleans()):
        # Many of the dialect's own parameter names at once: a handler reads the ones it knows,
        # so every request tries each of them with an odd value.
        odd = st.one_of(_numberish.map(lambda v: v[:6000]), short)
        query += [(n, draw(odd)) for n in names if draw(st.booleans())]
    query_string = urllib.parse.urlencode(query)
    if draw(st.integers(0, 9)) == 0:
        query_string += draw(
            st.sampled_from(["&", "&&=&", "%ZZ", "a=%E0%A4%A", "=x", "a", "%00=1"])
        )
    if draw(st.integers(0, 19)) == 0:
        query_string += "&x=" + BIG

    headers = list(creds.headers)
    body_kind = draw(st.sampled_from(["none", "json", "json", "form", "multipart", "raw"]))
    content = b""
    fields = draw(st.dictionaries(keys, json_values(seed.ids, keys), max_size=6))
    if draw(st.booleans()):
        fields.update({n: draw(json_values(seed.ids, keys)) for n in names if draw(st.booleans())})
    fields.update(creds.body)
    if body_kind == "json":
        value: Any = fields if draw(st.integers(0, 4)) else draw(json_values(seed.ids, keys))
        text = json.dumps(value, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 9)) == 0:
            text = text.replace("0", BIG, 1)  # a number past the int-from-string limit
        if draw(st.integers(0, 7)) == 0:
            text = _nested(text, draw(st.sampled_from(DEPTHS)), draw(st.booleans()))
        content = text.encode("utf-8", "surrogatepass")
        headers.append((b"content-type", b"application/json"))
    elif body_kind == "form":
        pairs = [(k, to_text(v)) for k, v in fields.items()]
        pairs += draw(st.lists(st.tuples(form_keys(keys), values.map(to_text)), max_size=4))
        if draw(st.integers(0, 7)) == 0:  # Rails-style nesting as deep as a JSON bomb
            pairs.append((draw(keys) + "[a]" * draw(st.sampled_from(DEPTHS)), "1"))
        content = urllib.parse.urlencode(pairs).encode()
        headers.append((b"content-type", b"application/x-www-form-urlencoded"))
    elif body_kind == "multipart":
        pairs = [(k, to_text(v)) for k, v in fields.items()]
        content = _multipart(pairs, draw)
        headers.append((b"content-type", b"multipart/form-data; boundary=fuzzbnd"))
    elif body_kind == "raw":
        content = draw(
            st.binary(max_size=200)
            | st.sampled_from([b"{", b'{"a":', b"[1,2", b"\xff\xfe{}", b"null", b'"x"', b"1e999"])
        )
    if draw(st.integers(0, 4)) == 0:  # a lying or odd content type
        headers = [h for h in headers if h[0] != b"content-type"]
        headers.append((b"content-type", draw(st.sampled_from(CONTENT_TYPES))))
    if draw(st.integers(0, 9)) == 0:
        headers.append((b"accept", draw(st.sampled_from([b"text/html", b"*/*", b"\xff"]))))
    url = path + ("?" + query_string if query_string else "")
    # httpx refuses to build a longer URL (InvalidURL: the request is never sent), so one is cut
    # to that length; a cut escape ("%4") is one more malformed input.
    return FuzzRequest(method, url[:HTTPX_MAX_URL_LENGTH], headers, content)


def wrong_authorization(draw: st.DrawFn) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", draw(st.sampled_from(BROKEN_AUTHORIZATION)))]


# --- running ---------------------------------------------------------------------------------
async def imports_settled(client: httpx.AsyncClient, org: Org) -> None:
    """Wait until the organization's import jobs stop (each runs as a task of the app): the
    next test's TRUNCATE and a job still writing deadlock on PostgreSQL."""
    for _ in range(1_000):
        page = await client.get("/api/hub/v1/imports?limit=500", headers=org.auth)
        if all(job["status"] in ("done", "failed") for job in page.json()["items"]):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("an import job did not stop")


async def send(client: httpx.AsyncClient, request: FuzzRequest) -> httpx.Response:
    return await client.request(
        request.method, request.url, headers=request.headers, content=request.content
    )


async def fuzz(
    client: httpx.AsyncClient,
    app: Litestar,
    hub: Hub,
    dialect: str,
    rule: CredentialRule,
    backend: str,
) -> int:
    """Fuzz every route of ``dialect``; returns how many requests were judged."""
    store = await seed(hub)
    strategy = requests(endpoints(app, dialect), store, param_names(dialect), rule)
    return await run(client, dialect, strategy, backend)


async def run(
    client: httpx.AsyncClient,
    dialect: str,
    strategy: st.SearchStrategy[FuzzRequest],
    backend: str,
    *,
    max_examples: int | None = None,
    judge: Callable[[FuzzRequest, httpx.Response], None] | None = None,
) -> int:
    """Send each drawn request; envelopes.check judges every answer, then ``judge`` if given."""
    loop = asyncio.get_running_loop()
    count = 0
    statuses: Counter[int] = Counter()

    @settings(settings.get_profile(PROFILE), max_examples=examples(max_examples))
    @given(strategy)
    def one(request: FuzzRequest) -> None:
        nonlocal count
        count += 1
        response = asyncio.run_coroutine_threadsafe(send(client, request), loop).result()
        statuses[response.status_code] += 1
        try:
            envelopes.check(dialect, response, request.sent())
            if judge is not None:
                judge(request, response)
        except Exception as error:
            # Written at once: a long run's shrinking can take minutes before pytest reports.
            report(f"{dialect}/{backend} FAILURE", count, 0.0, Counter(), str(error)[:2000])
            raise

    started = time.monotonic()
    # Hypothesis runs in a worker thread; the requests run here, in the loop that owns the Hub.
    await asyncio.to_thread(one)
    report(f"{dialect}/{backend}", count, time.monotonic() - started, statuses)
    return count


def report(
    label: str, count: int, seconds: float, statuses: Counter[int], detail: str = ""
) -> None:
    """One line per run in $CONTACTHUB_FUZZ_REPORT (the long run's figures)."""
    target = os.environ.get("CONTACTHUB_FUZZ_REPORT")
    if target:
        with open(target, "a") as out:
            spread = " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))
            out.write(f"{label}\t{count} cases\t{seconds:.1f} s\t{spread}{detail}\n")


def _sendable(part: Any) -> Any:
    # A negative multipart case may carry a number where a file goes; httpx reads files only.
    if isinstance(part, tuple):
        return tuple(_sendable(item) for item in part)
    return part if isinstance(part, bytes | str | None) else str(part)


def schemathesis_request(kwargs: dict[str, Any]) -> httpx.Request:
    """The httpx request a schemathesis case's transport arguments describe, body read."""
    files = kwargs.get("files")
    if files:
        files = [(name, _sendable(part)) for name, part in files]
    data = kwargs.get("data")
    built = httpx.Request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=kwargs.get("headers"),
        cookies=kwargs.get("cookies"),
        json=kwargs.get("json"),
        data=data if isinstance(data, dict) else None,
        content=data if isinstance(data, bytes | str) else None,
        files=files,
    )
    built.read()
    return built


async def native_seed(hub: Hub) -> Seed:
    """``seed`` with the ids of the organization's own API tokens, which a native run spares."""
    store = await seed(hub)
    async with hub.reading(store.org.id) as s:
        store.own_token_ids = {str(t.id) for t in await tokens.list_tokens(s)}
    return store


def spare_own_token(case: Any, store: Seed) -> None:
    """Revoking the token every request carries would turn the rest of the run into 401s:
    a schemathesis case that would is pointed at token 0 (other and junk ids are still tried)."""
    revoking = case.method.upper() == "DELETE" and case.path.startswith("/api/hub/v1/tokens/")
    if revoking and str(case.path_parameters.get("token_id")) in store.own_token_ids:
        case.path_parameters["token_id"] = 0
