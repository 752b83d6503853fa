"""Each vendor dialect answers as its own OpenAPI document (/openapi/<vendor>.json) says.

    GET /openapi/<vendor>.json ─> schemathesis: positive and negative cases for every operation
        ─> the seeded organization's token (Bearer) on each, its ids half the time
        ─> every answer: the vendor's envelope judge (envelopes.check), then CHECKS

CHECKS are the ones that hold the document to the answers: no 5xx, every status documented with
its media type and schema. DATA_CHECKS add schemathesis' positive_data_acceptance (a request
valid by the document is taken) and negative_data_rejection (one it calls invalid is refused)
for the documents that say exactly what their dialect takes, TWIN's and Plusofon's, with
../schemathesis.toml's deliberate deviations (rules across two parameters, phone numbers).
Watbot's and Obzvonilka's cannot, and not for a gap in the documents alone: Watbot's methods
have rules across fields (`name` or `tag_id`, `phone` for whatsapp...) in a query string, where
no schema states them, and the leniency of a Laravel API (`"5"` for 5) that its clients rely on;
Obzvonilka's form needs one `contact[...]` field of many (a form schema's minProperties would
count `api_key` and unknown keys too) and its phones are valid per region, on every contact
write (docs/reliability/fuzzing.md). The vendor fuzzers (test_fuzz_<vendor>.py) throw the
hostile requests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import reject
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from contacthub.app import default_dialects
from contacthub.core.scope import Hub
from tests.reliability.fuzzing import FuzzRequest, Seed, run, schemathesis_request, seed

BASE = "http://contacthub.test"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]
CHECKS += [response_schema_conformance]
DATA_CHECKS = {
    vendor: [positive_data_acceptance, negative_data_rejection] for vendor in ("twin", "plusofon")
}
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
CASES = 60  # per vendor and database in CI (derandomized)
DOCUMENTED = [dialect.name for dialect in default_dialects() if dialect.docs is not None]
# Credentials the document describes as parameters or headers; the test sends its own instead.
CREDENTIALS = frozenset({"api_token", "api_key"})
CREDENTIAL_HEADERS = frozenset({b"authorization", b"x-api-key", b"client"})
# Headers a vendor wants on every call beside the token (Plusofon's application code).
ALWAYS = {"plusofon": [(b"client", b"10553")]}
# Parameters that name a record by its UUID (TWIN's), with the kind of record (Seed.uuids).
UUID_PARAMS = {"client_id": "contact", "attribute_id": "field"}


def _headers_negative(case: Any) -> bool:
    components = case.meta.components if case.meta is not None else {}
    info = components.get(ParameterLocation.HEADER)
    return info is not None and info.mode == GenerationMode.NEGATIVE


def _request(case: Any, token: str, vendor: str) -> FuzzRequest:
    kwargs = case.as_transport_kwargs(base_url=BASE)
    if vendor in DATA_CHECKS and _headers_negative(case):
        # A missing or malformed Authorization is the case's point: negative_data_rejection
        # wants its 401, so the drawn headers are sent as they are.
        built = schemathesis_request(kwargs)
        url = built.url.raw_path.decode("ascii")
        return FuzzRequest(built.method, url, list(built.headers.raw), built.content, case=case)
    for place in ("params", "data", "json"):
        given = kwargs.get(place)
        if isinstance(given, dict):
            kwargs[place] = {k: v for k, v in given.items() if k not in CREDENTIALS}
    if kwargs.get("files"):  # a multipart form's parts
        kwargs["files"] = [(k, v) for k, v in kwargs["files"] if k not in CREDENTIALS]
    # Drawn credential headers are replaced (a negative one may not even be encodable).
    drawn = kwargs.get("headers") or {}
    kwargs["headers"] = {
        k: v for k, v in drawn.items() if k.lower().encode() not in CREDENTIAL_HEADERS
    }
    try:
        built = schemathesis_request(kwargs)
    except httpx.InvalidURL:
        # A negative case's value past a query parameter's maxLength (65,535 for Watbot's
        # `value`) makes a URL httpx will not build; the server's request line ends at 16 KiB
        # (a 414) long before: no client sends it, so the case is dropped.
        reject()
    kept = [(k, v) for k, v in built.headers.raw if k.lower() not in CREDENTIAL_HEADERS]
    auth = (b"authorization", f"Bearer {token}".encode())
    url = built.url.raw_path.decode("ascii")
    headers = [*kept, auth, *ALWAYS.get(vendor, [])]
    return FuzzRequest(built.method, url, headers, built.content, case=case)


def _with_ids(case: Any, draw: st.DrawFn, store: Seed) -> None:
    """Real ids in place of drawn ones half the time, so handlers answer their 200s too."""
    numbers = [int(i) for i in store.ids if i.isdigit()]
    for place in (case.query, case.body, case.path_parameters):
        if not isinstance(place, dict):
            continue
        for name in list(place):
            if name.endswith("_ref"):  # a Rails segment: 1 or 1.json (a path: always one)
                suffix = draw(st.sampled_from(["", ".json"]))
                place[name] = f"{draw(st.sampled_from(numbers))}{suffix}"
            elif not draw(st.booleans()):
                continue
            elif name in UUID_PARAMS:
                place[name] = draw(st.sampled_from(store.uuids[UUID_PARAMS[name]]))
            elif name.endswith("_id") or name == "id":
                place[name] = draw(st.sampled_from(numbers))
            elif name == "code":
                place[name] = draw(st.sampled_from([i for i in store.ids if not i.isdigit()]))


@st.composite
def conforming_requests(
    draw: st.DrawFn, cases: st.SearchStrategy[Any], store: Seed, vendor: str
) -> FuzzRequest:
    case = draw(cases)
    if case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE:
        _with_ids(case, draw, store)
    return _request(case, store.org.token, vendor)


def _typed_path_only(case: Any) -> bool:
    """A negative case whose one negative part is a path parameter of another JSON type (``1``
    for a string): in a URL it is the same text a valid value is, so nothing in it is invalid
    (schemathesis' own exemptions cover such mutations in the query and the body only)."""
    components = case.meta.components if case.meta is not None else {}
    negative = {where for where, info in components.items() if info.mode.is_negative}
    values = case.path_parameters or {}
    return negative == {ParameterLocation.PATH} and not any(
        isinstance(value, str) for value in values.values()
    )


def _judge(vendor: str) -> Any:
    checks = [*CHECKS, *DATA_CHECKS.get(vendor, [])]
    unless_typed_path = [check for check in checks if check is not negative_data_rejection]

    def conforms(request: FuzzRequest, response: httpx.Response) -> None:
        case = request.case
        chosen = unless_typed_path if _typed_path_only(case) else checks
        case.validate_response(response, checks=chosen)

    return conforms


@pytest.mark.parametrize("vendor", DOCUMENTED)
async def test_vendor_answers_conform_to_their_document(
    client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str, vendor: str
) -> None:
    store = await seed(hub)
    answer = await client.get(f"/openapi/{vendor}.json")
    assert answer.status_code == 200
    config = SchemathesisConfig.from_path(CONFIG)
    schema = schemathesis.openapi.from_dict(answer.json(), config=config)
    cases = st.sampled_from(["positive", "positive", "negative"]).flatmap(
        lambda mode: schema.as_strategy(GenerationMode(mode))
    )
    strategy = conforming_requests(cases, store, vendor)
    assert (
        await run(client, vendor, strategy, backend, max_examples=CASES, judge=_judge(vendor)) > 0
    )
