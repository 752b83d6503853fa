"""Schemathesis over the native API's own /openapi.json, in-process through the ASGI app.

    GET /openapi.json ─> schemathesis: every operation, positive and negative cases
        ─> half the path ids swapped for the seeded store's real ids (so handlers find rows)
        ─> a valid Bearer token mostly, a wrong or broken one otherwise
        ─> the same runner and judge as the vendor fuzzers (envelopes.native: problem+json)

The schema is fetched from the app under test, so an operation added to the API is fuzzed with
no change here. Not stateful: see docs/reliability/fuzzing.md for why.
"""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis import GenerationMode

from contacthub.core.scope import Hub
from tests.reliability.fuzzing import (
    BROKEN_AUTHORIZATION,
    FuzzRequest,
    Seed,
    native_seed,
    run,
    schemathesis_request,
    spare_own_token,
)

BASE = "http://contacthub.test"


def _as_request(kwargs: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> FuzzRequest:
    built = schemathesis_request(kwargs)
    url = built.url.raw_path.decode("ascii")
    kept = [(k, v) for k, v in built.headers.raw if k.lower() != b"authorization"]
    return FuzzRequest(built.method, url, [*kept, *headers], built.content)


@st.composite
def native_requests(draw: st.DrawFn, cases: st.SearchStrategy[Any], store: Seed) -> FuzzRequest:
    case = draw(cases)
    if case.path_parameters and draw(st.booleans()):
        for name in case.path_parameters:
            case.path_parameters[name] = draw(st.sampled_from(store.ids))
    spare_own_token(case, store)
    auth = draw(st.sampled_from(["valid"] * 4 + ["broken", "none"]))
    headers = []
    if auth == "valid":
        headers.append((b"authorization", f"Bearer {store.org.token}".encode()))
    elif auth == "broken":
        headers.append((b"authorization", draw(st.sampled_from(BROKEN_AUTHORIZATION))))
    return _as_request(case.as_transport_kwargs(base_url=BASE), headers)


async def test_fuzz_native(
    client: httpx.AsyncClient, app: Litestar, hub: Hub, backend: str
) -> None:
    store = await native_seed(hub)
    document = (await client.get("/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(document)
    cases = st.one_of(
        schema.as_strategy(GenerationMode.POSITIVE),
        schema.as_strategy(GenerationMode.NEGATIVE),
    )
    assert await run(client, "native", native_requests(cases, store), backend) > 0
