"""The native API answers as its /openapi.json says: schemathesis' conformance checks, in-process.

    GET /openapi.json ─> schemathesis (config: ./schemathesis.toml, the deliberate deviations)
        ─> positive and negative cases for every operation, a valid token on each
        ─> positive cases' path ids swapped for the seeded store's half the time
        ─> every answer: the envelope judge (envelopes.native), then CHECKS
    and, without hypothesis, every path of the document: OPTIONS lists the methods it serves,
    TRACE is a 405 whose Allow says the same.

test_fuzz_native throws hostile requests (broken tokens, junk) at the same document and asks
only for the error contract; this one asks that the answers be the ones the document promises.
Why each deviation in schemathesis.toml is one: docs/reliability/fuzzing.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import schemathesis
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    missing_required_header,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from contacthub.core.scope import Hub
from tests.reliability.fuzzing import (
    FuzzRequest,
    Seed,
    imports_settled,
    native_seed,
    run,
    schemathesis_request,
    spare_own_token,
)

BASE = "http://contacthub.test"
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,  # every status documented (ST103)
    content_type_conformance,  # and its media type (ST105)
    response_headers_conformance,
    response_schema_conformance,  # the body is the documented schema (ST108)
    positive_data_acceptance,  # a request valid by the document is taken (ST202)
    negative_data_rejection,  # one the document calls invalid is refused (ST201)
    missing_required_header,  # (ST203)
]
CASES = 100  # per database in CI (derandomized): about 5 s


def _headers_negative(case: Any) -> bool:
    components = case.meta.components if case.meta is not None else {}
    info = components.get(ParameterLocation.HEADER)
    return info is not None and info.mode == GenerationMode.NEGATIVE


def _request(case: Any, token: str) -> FuzzRequest:
    kwargs = case.as_transport_kwargs(base_url=BASE)
    built = schemathesis_request(kwargs)
    url = built.url.raw_path.decode("ascii")
    if _headers_negative(case):
        # A missing or malformed Authorization is the case's point: it must be a 401.
        return FuzzRequest(built.method, url, list(built.headers.raw), built.content, case=case)
    kept = [(k, v) for k, v in built.headers.raw if k.lower() != b"authorization"]
    auth = (b"authorization", f"Bearer {token}".encode())
    return FuzzRequest(built.method, url, [*kept, auth], built.content, case=case)


@st.composite
def conforming_requests(draw: st.DrawFn, cases: st.SearchStrategy[Any], store: Seed) -> FuzzRequest:
    case = draw(cases)
    positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
    if positive and case.path_parameters and draw(st.booleans()):
        # Real rows, so handlers answer 200s too; only in positive cases, whose every value is
        # valid (a negative case's invalid path id must stay the one it was).
        numbers = [i for i in store.ids if i.isdigit()]
        for name, value in case.path_parameters.items():
            pool = numbers if isinstance(value, int) or str(value).isdigit() else store.ids
            case.path_parameters[name] = draw(st.sampled_from(pool))
    spare_own_token(case, store)
    return _request(case, store.org.token)


def _conforms(request: FuzzRequest, response: httpx.Response) -> None:
    request.case.validate_response(response, checks=CHECKS)


async def _document(client: httpx.AsyncClient) -> dict[str, Any]:
    answer = await client.get("/openapi.json")
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    return document


async def test_native_answers_conform_to_the_document(
    client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str
) -> None:
    store = await native_seed(hub)
    config = SchemathesisConfig.from_path(CONFIG)
    schema = schemathesis.openapi.from_dict(await _document(client), config=config)
    # Two positive cases to a negative one: a negative case is most often a missing or broken
    # Authorization (its 401 is soon checked); a positive one reaches the handlers' answers.
    cases = st.sampled_from(["positive", "positive", "negative"]).flatmap(
        lambda mode: schema.as_strategy(GenerationMode(mode))
    )
    strategy = conforming_requests(cases, store)
    assert await run(client, "native", strategy, backend, max_examples=CASES, judge=_conforms) > 0
    await imports_settled(client, store.org)


async def test_every_path_says_which_methods_it_serves(client: httpx.AsyncClient) -> None:
    document = await _document(client)
    for template, item in document["paths"].items():
        documented = {method.upper() for method in item if method != "parameters"}
        path = template.replace("{", "").replace("}", "")  # /tags/{tag_id} -> /tags/tag_id
        path = "/".join("1" if part.endswith("_id") else part for part in path.split("/"))
        options = await client.options(path)
        assert options.status_code == 204, path
        allowed = {m.strip() for m in options.headers["allow"].split(",")}
        assert allowed == documented | {"OPTIONS"}, path
        for undeclared in ("TRACE", "PROPFIND", *({"PUT", "PATCH", "DELETE"} - documented)):
            refused = await client.request(undeclared, path)
            assert refused.status_code == 405, (undeclared, path)
            assert refused.headers["content-type"] == "application/problem+json"
            assert {m.strip() for m in refused.headers["allow"].split(",")} == allowed
