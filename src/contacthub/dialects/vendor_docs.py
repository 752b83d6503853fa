"""A vendor dialect's own OpenAPI document, from its route table and its declarations.

    dialect.router's routes ──> one path per route, one operation per verb it takes
    VendorDoc (dialects/<vendor>/openapi.py) ──> its credentials (security schemes), each
        route's parameters (query for GET/DELETE, a form or JSON body for the others), the
        errors each route can answer, in the vendor's own error Struct
    handler return annotations ──> the success schema (the Struct the handler returns)

Litestar's own rendering of a vendor's handlers contradicted the vendor's contract (a handler
reads its parameters by hand, its credential sits in a query string or a form field, its errors
are the vendor's), so the vendor routes stay out of /openapi.json; this builds a separate
document per vendor, served at /openapi/<vendor>.json. Every route must have a declaration and
every declaration a route: ``build`` refuses either gap (the app does not start, a test fails).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec
from litestar import Response, Router
from litestar.routes import HTTPRoute

# Verbs whose parameters are documented in the body; the others' in the query string.
BODY_VERBS = frozenset({"POST", "PUT", "PATCH"})
_SKIPPED_VERBS = frozenset({"OPTIONS", "HEAD"})  # Litestar's own, answered for every path
_PATH_PARAM = re.compile(r"\{(\w+):(\w+)\}")
_REF = "#/components/schemas/{name}"


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


@dataclass(frozen=True, slots=True)
class VendorDoc:
    """A vendor's declarations (see the module)."""

    title: str
    description: str
    security_schemes: Mapping[str, Mapping[str, Any]]
    # Each entry a way to authenticate (OpenAPI: alternatives); [] where no credential is read.
    security: list[dict[str, list[str]]]
    error: type[msgspec.Struct]  # the Struct the dialect renders every error from
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


def _success_type(handler: Any) -> Any:
    hint = typing.get_type_hints(handler.fn)["return"]
    if typing.get_origin(hint) is Response:
        (hint,) = typing.get_args(hint)
    return hint


def _open_path(path: str) -> tuple[str, list[dict[str, Any]]]:
    """Litestar's ``/a/{id:int}`` as OpenAPI's ``/a/{id}`` with its path parameters."""
    kinds = {"int": "integer", "str": "string"}
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": kinds.get(kind, "string")},
        }
        for name, kind in _PATH_PARAM.findall(path)
    ]
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


def _body(doc: VendorDoc, params: tuple[Param, ...]) -> dict[str, Any]:
    every = (*params, *doc.body_params)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            p.name: {**p.schema, **({"description": p.description} if p.description else {})}
            for p in every
        },
    }
    required = [p.name for p in params if p.required]
    if required:
        schema["required"] = required
    return {
        "required": bool(required),
        "content": {media: {"schema": schema} for media in doc.body_media_types},
    }


def _responses(
    success: tuple[int, dict[str, Any]],
    successes: Mapping[int, str],
    errors: Mapping[int, str],
    error_ref: dict[str, Any],
) -> dict[str, Any]:
    status, schema = success
    answers: dict[int, dict[str, Any]] = {
        code: {"description": text, "content": {"application/json": {"schema": schema}}}
        for code, text in {status: "Success.", **successes}.items()
    }
    for code, text in errors.items():
        answers[code] = {
            "description": text,
            "content": {"application/json": {"schema": error_ref}},
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
                returned[(route.path, verb)] = _success_type(handler)
    (*success_schemas, error_schema), components = msgspec.json.schema_components(
        [*returned.values(), doc.error], ref_template=_REF
    )
    success_of = dict(zip(returned, success_schemas, strict=True))
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        declared = doc.operations[route.path]
        template, path_params = _open_path(route.path)
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
                    "parameters": path_params
                    + ([] if in_body else [_parameter(p) for p in declared.params]),
                    "responses": _responses(
                        (handler.status_code, success_of[(route.path, verb)]),
                        declared.successes,
                        errors,
                        error_schema,
                    ),
                }
                if in_body:
                    operation["requestBody"] = _body(doc, declared.params)
                item[verb.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": doc.title, "version": version, "description": doc.description},
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": dict(doc.security_schemes)},
        "security": doc.security,
    }
