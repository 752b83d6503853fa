"""What /openapi.json says about the native API beyond its handlers' signatures.

Litestar documents an operation's success and, for one with inputs, a 400 in its own JSON shape;
the native API answers every error as a problem document (``errors.problem``). ``document`` gives
each operation of the router the errors it can answer, by what the operation takes, in one place:

    every operation               401 no token, or an unknown or revoked one · 503 database away
    + any input (path/query/body) 400 not the documented shape
    + path parameters             404 no such record in this organization
    + query parameters            422 a limit, cursor or filter value refused
    + a JSON body                 409 taken · 413 too large · 422 refused values, each named

A handler's own ``responses`` come on top (exports' 404 for an unknown base, imports' 415).
``in_query`` writes a query parameter's schema as what the server checks (bounds, patterns, the
choices; ``null`` only where the server reads it as "not given"); ``operation_with`` documents
what a handler reads or sends by hand (the import's multipart form, the export's files). The
values of request bodies are documented by their Structs (wire_rules).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from litestar import Router
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    RequestBody,
    Schema,
)
from litestar.params import QueryParameter
from litestar.routes import HTTPRoute

from contacthub.dialects.native import schemas as wire
from contacthub.dialects.native.errors import PROBLEM_JSON

# Handler parameters that are not the client's: dependencies, the request, the body.
_NOT_INPUTS = frozenset({"self", "hub", "principal", "request", "data"})

ANY_OPERATION = {
    401: "No API token, or one that is unknown or revoked (`WWW-Authenticate: Bearer`).",
    503: "The database did not answer in time; the same request may succeed later.",
}
SHAPE = {
    400: "The request is not the documented shape (a wrong type, malformed JSON, an unknown "
    "field); `errors` names the fields.",
}
IN_PATH = {404: "No such record in this organization (another organization's ids answer so too)."}
IN_QUERY = {
    422: "A value the server refused: a limit outside its bounds, a cursor it did not give out, "
    "a filter's value (a phone number that cannot be one, an id past 64 bits, a long `q`).",
}
IN_BODY = {
    409: "Taken: a name, an e-mail or a vendor id that another record has.",
    413: "The body is larger than the server accepts (`CONTACTHUB_MAX_BODY_BYTES`).",
    422: "Values the server refused, each named in `errors` (a phone number that cannot be one, "
    "a base or bot that does not exist, a blank name, a text past its length).",
}


def problem_response(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=wire.Problem,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )


def problems(descriptions: dict[int, str]) -> dict[int, ResponseSpec]:
    return {status: problem_response(text) for status, text in descriptions.items()}


def _errors_of(handler: HTTPRouteHandler, path_names: set[str]) -> dict[int, str]:
    # The signature as written (names only): resolving its types here, before the app owns the
    # handler, would cache them without the app's layers.
    parameters = set(inspect.signature(handler.fn).parameters)
    in_query = parameters - _NOT_INPUTS - path_names
    has_body = "data" in parameters
    errors = dict(ANY_OPERATION)
    if path_names or in_query or has_body:
        errors |= SHAPE
    if path_names:
        errors |= IN_PATH
    if in_query:
        errors |= IN_QUERY
    if has_body:
        errors |= IN_BODY
    return dict(sorted(errors.items()))


def document(router: Router) -> None:
    """Give every operation of ``router`` the problem answers it can give (see the module)."""
    for route in router.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if handler.include_in_schema is False:  # Litestar's OPTIONS handlers
                continue
            own = dict(handler.responses or {})
            handler.responses = {**problems(_errors_of(handler, set(route.path_parameters))), **own}


def in_query(
    kind: str,
    description: str | None = None,
    *,
    name: str | None = None,
    nullable: bool = False,
    **constraints: Any,
) -> QueryParameter:
    """A query parameter documented as ``kind`` with ``constraints`` (Schema's names:
    ``minimum``, ``max_length``, ``pattern``, ``enum``...): what the handler or the core checks,
    written where a client reads it. ``nullable``: ``null`` is taken as "not given" (an optional
    integer or date-time: ``?limit=null`` is the default page). Documentation only: the checks
    stay where they are, with their answers."""
    schema = Schema(type=OpenAPIType(kind), **constraints)
    if nullable:
        extra: dict[str, Any] = {"one_of": [schema, Schema(type=OpenAPIType.NULL)]}
    else:
        extra = {"one_of": None, "type": schema.type, **constraints}
    return QueryParameter(name=name, description=description, schema_extra=extra)


def operation_with(
    *,
    request_body: RequestBody | None = None,
    success: dict[str, OpenAPIMediaType] | None = None,
) -> type[Operation]:
    """An Operation class for a handler that reads its body or writes its answer by hand:
    ``request_body`` replaces the (absent) documented body, ``success`` the media types of its
    2xx answer."""

    @dataclass
    class Documented(Operation):
        def __post_init__(self) -> None:
            if request_body is not None:
                self.request_body = request_body
            for status, response in (self.responses or {}).items():
                if success is None or not status.startswith("2"):
                    continue
                if isinstance(response, OpenAPIResponse):
                    response.content = dict(success)

    return Documented
