"""A vendor dialect's own OpenAPI document, from its route table and its declarations.

    dialect.router's routes ──> one path per route, one operation per verb it takes
    VendorDoc (dialects/<vendor>/openapi.py) ──> its credentials (security schemes), each
        route's parameters (query for GET/DELETE, a form or JSON body for the others), the
        errors each route can answer, in the vendor's own error Struct
    handler return annotations ──> the success schema (the Struct the handler returns), or
        the declared one where the annotation does not say it (a dict, a stream, no body)

Litestar's own rendering of a vendor's handlers contradicted the vendor's contract (a handler
reads its parameters by hand, its credential sits in a query string or a form field, its errors
are the vendor's), so the vendor routes stay out of /openapi.json; this builds a separate
document per vendor, served at /openapi/<vendor>.json. Every route must have a declaration and
every declaration a route: ``build`` refuses either gap (the app does not start, a test fails).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec
from litestar import Response, Router
from litestar.response import Stream
from litestar.routes import HTTPRoute

# Verbs whose parameters are documented in the body; the others' in the query string.
BODY_VERBS = frozenset({"POST", "PUT", "PATCH"})
FORM = "application/x-www-form-urlencoded"
_SKIPPED_VERBS = frozenset({"OPTIONS", "HEAD"})  # Litestar's own, answered for every path
_PATH_PARAM = re.compile(r"\{(\w+):(\w+)\}")
_REF = "#/components/schemas/{name}"


class NoBody:
    """A success answered without a body (TWIN's writes: 200 and nothing): no content."""


NO_BODY = NoBody()


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter the route reads: its JSON Schema as the handler checks it."""

    name: str
    schema: Mapping[str, Any]
    description: str = ""
    required: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    """What a route reads and what it can answer besides its documented success."""

    params: tuple[Param, ...] = ()
    errors: Mapping[int, str] = field(default_factory=dict)
    # Other success statuses than the handler's own (createOrUpdateContact's 201).
    successes: Mapping[int, str] = field(default_factory=dict)
    # Verbs documented with a body; None: BODY_VERBS.
    body_verbs: frozenset[str] | None = None
    # A body whose fields differ by media type (Rails' ``contact[name]`` form fields and JSON
    # ``{"contact": {...}}``): the parameters of each; None: ``params`` in every media type.
    bodies: Mapping[str, tuple[Param, ...]] | None = None
    # The success body's type where the handler streams it (a Stream carries no type).
    success: Any = None
    # The success body's type by verb where the handler's annotation does not say it (a dict
    # shaped by query options, as TWIN's lists; NO_BODY for an empty answer).
    returns: Mapping[str, Any] = field(default_factory=dict)
    # Path parameters' schemas, by name (default: a string, an integer for ``:int``).
    path: Mapping[str, Param] = field(default_factory=dict)
    # Its credentials where they are not the document's (a login: no token yet).
    security: list[dict[str, list[str]]] | None = None
    # Whether a verb with a body reads the query string too (merged with the body): its
    # parameters (a form's, where the body differs by media type) are documented in the query
    # as well, none required there. None: the document's ``query_too``.
    query_too: bool | None = None


@dataclass(frozen=True, slots=True)
class VendorDoc:
    """A vendor's declarations (see the module)."""

    title: str
    description: str
    security_schemes: Mapping[str, Mapping[str, Any]]
    # Each entry a way to authenticate (OpenAPI: alternatives); [] where no credential is read.
    security: list[dict[str, list[str]]]
    error: type[msgspec.Struct]  # the Struct the dialect renders its errors from
    errors: Mapping[int, str]  # what any operation can answer
    body_errors: Mapping[int, str]  # ... and any operation with a body
    operations: Mapping[str, Operation]  # by route path, as the router writes it
    # Parameters every operation reads in the body too (Watbot's ``api_token``).
    body_params: tuple[Param, ...] = ()
    # Media types of a body the dialect reads (form first: the vendors' own examples).
    body_media_types: tuple[str, ...] = (
        "application/x-www-form-urlencoded",
        "application/json",
    )
    # A status with an error Struct of its own (Rails' 401 {"error"} beside 404 {"status"...}).
    error_by_status: Mapping[int, type[msgspec.Struct]] = field(default_factory=dict)
    # Every operation's ``query_too`` unless it says otherwise (Laravel's merged input).
    query_too: bool = False


def _success_type(handler: Any, declared: Operation, verb: str) -> Any:
    if verb in declared.returns:
        return declared.returns[verb]
    hint = typing.get_type_hints(handler.fn)["return"]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # ``Response[X] | Stream``
        (hint,) = [part for part in typing.get_args(hint) if part is not Stream]
    if typing.get_origin(hint) is Response:
        (hint,) = typing.get_args(hint)
    if hint is Stream:  # written by hand: the declaration says what
        if declared.success is None:
            raise LookupError(f"{handler.fn.__name__} streams: declare its success type")
        return declared.success
    return hint


def _open_path(path: str, declared: Operation) -> tuple[str, list[dict[str, Any]]]:
    """Litestar's ``/a/{id:int}`` as OpenAPI's ``/a/{id}`` with its path parameters."""
    kinds = {"int": "integer"}  # str, path, uuid...: a string
    params = []
    for name, kind in _PATH_PARAM.findall(path):
        param = declared.path.get(name, Param(name, {"type": kinds.get(kind, "string")}))
        params.append({**_parameter(param), "in": "path", "required": True})
    return _PATH_PARAM.sub(r"{\1}", path), params


def _parameter(param: Param) -> dict[str, Any]:
    out: dict[str, Any] = {"name": param.name, "in": "query", "schema": dict(param.schema)}
    if param.description:
        out["description"] = param.description
    if param.required:
        out["required"] = True
    if param.schema.get("type") == "array":
        out["style"], out["explode"] = "form", True
    return out


def _object(params: tuple[Param, ...], extra: tuple[Param, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            p.name: {**p.schema, **({"description": p.description} if p.description else {})}
            for p in (*params, *extra)
        },
    }
    required = [p.name for p in params if p.required]
    if required:
        schema["required"] = required
    return schema


def _body(doc: VendorDoc, declared: Operation) -> dict[str, Any]:
    bodies = declared.bodies or dict.fromkeys(doc.body_media_types, declared.params)
    content = {
        media: {"schema": _object(params, doc.body_params)} for media, params in bodies.items()
    }
    required = any(p.required for params in bodies.values() for p in params)
    return {"required": required, "content": content}


def _query(doc: VendorDoc, declared: Operation, in_body: bool) -> list[dict[str, Any]]:
    """The query parameters of an operation: its own, or on a body verb the body's (optional)
    where the handler reads the query string too."""
    if not in_body:
        return [_parameter(p) for p in declared.params]
    if not (doc.query_too if declared.query_too is None else declared.query_too):
        return []
    params = (declared.bodies or {}).get(FORM, declared.params)
    return [_parameter(replace(p, required=False)) for p in params]


def _responses(
    success: tuple[int, dict[str, Any] | None],
    successes: Mapping[int, str],
    errors: Mapping[int, str],
    error_of: Mapping[int, Any],
) -> dict[str, Any]:
    status, schema = success
    content = {} if schema is None else {"content": {"application/json": {"schema": schema}}}
    answers: dict[int, dict[str, Any]] = {
        code: {"description": text, **content}
        for code, text in {status: "Success.", **successes}.items()
    }
    for code, text in errors.items():
        answers[code] = {
            "description": text,
            "content": {"application/json": {"schema": error_of.get(code, error_of[0])}},
        }
    return {str(code): answers[code] for code in sorted(answers)}


def build(router: Router, doc: VendorDoc, *, version: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``router``'s routes, as ``doc`` declares them."""
    routes = [route for route in router.routes if isinstance(route, HTTPRoute)]
    undeclared = sorted({r.path for r in routes} - set(doc.operations))
    unrouted = sorted(set(doc.operations) - {r.path for r in routes})
    if undeclared or unrouted:
        raise LookupError(
            f"{doc.title}: routes without a doc entry {undeclared}, doc entries "
            f"without a route {unrouted}"
        )
    returned: dict[tuple[str, str], Any] = {}
    for route in routes:
        for handler in route.route_handlers:
            for verb in handler.http_methods - _SKIPPED_VERBS:
                declared = doc.operations[route.path]
                returned[(route.path, verb)] = _success_type(handler, declared, verb)
    bodies = {key: kind for key, kind in returned.items() if kind is not NO_BODY}
    error_types = {0: doc.error, **doc.error_by_status}
    schemas, components = msgspec.json.schema_components(
        [*bodies.values(), *error_types.values()], ref_template=_REF
    )
    success_of: dict[tuple[str, str], dict[str, Any] | None] = dict.fromkeys(returned)
    success_of.update(zip(bodies, schemas[: len(bodies)], strict=True))
    error_of = dict(zip(error_types, schemas[len(bodies) :], strict=True))
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        declared = doc.operations[route.path]
        template, path_params = _open_path(route.path, declared)
        item = paths.setdefault(template, {})
        for handler in route.route_handlers:
            for verb in sorted(handler.http_methods - _SKIPPED_VERBS):
                body_verbs = BODY_VERBS if declared.body_verbs is None else declared.body_verbs
                in_body = verb in body_verbs
                errors = {**doc.errors, **(doc.body_errors if in_body else {}), **declared.errors}
                operation: dict[str, Any] = {
                    "operationId": f"{template.strip('/').replace('/', '_')}_{verb.lower()}",
                    "summary": " ".join((handler.fn.__doc__ or "").split()),
                    "tags": [doc.title],
                    "parameters": path_params + _query(doc, declared, in_body),
                    "responses": _responses(
                        (handler.status_code, success_of[(route.path, verb)]),
                        declared.successes,
                        errors,
                        error_of,
                    ),
                }
                if in_body:
                    operation["requestBody"] = _body(doc, declared)
                if declared.security is not None:
                    operation["security"] = declared.security
                item[verb.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": doc.title, "version": version, "description": doc.description},
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": dict(doc.security_schemes)},
        "security": doc.security,
    }
