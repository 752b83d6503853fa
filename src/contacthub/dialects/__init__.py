"""The APIs contacthub speaks. Each is a folder with the same five parts:

    routes    thin handlers: parse the vendor request -> one core call -> mapping
    schemas   the wire shapes (msgspec Structs); vendor field names live here
    mapping   pure functions domain <-> wire
    errors    HubError -> (status, vendor body): one framework-free ``render`` (a request view ->
              status, headers, body) for both lanes, wrapped as Litestar's exception handler
    auth      the vendor's credential -> Principal (the organization)

A dialect hands the app one ``Dialect``: its router and the way it renders errors for requests
that matched none of its routes (a 404 under its paths must still look like the vendor's).
The routes its integrations call most are marked on their handlers (``opt=hot_read(...)`` or
``opt=hot_write(...)``, contacthub.dialects.hot) for the server's hot lane.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from litestar import Router

from contacthub.dialects.error_tables import ErrorRenderer
from contacthub.dialects.http import ErrorHandler
from contacthub.errors import HubError

if TYPE_CHECKING:
    from contacthub.dialects.vendor_docs import VendorDoc


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    router: Router
    # Whether an unrouted path belongs to this dialect (for 404 and 405 in its envelope).
    claims: Callable[[str], bool]
    # Litestar's exception handler of its routes; its ``render`` is what every lane calls.
    render_error: ErrorHandler
    # Its status for each class in contacthub.errors.ALL_ERRORS (HubError and every subclass).
    statuses: Mapping[type[HubError], int] = field(default_factory=dict)
    # Whether /openapi.json describes its routes: contacthub's own API only. A vendor's API is
    # described by the vendor's documents, which its clients are written against (Litestar's
    # guess from the handlers would contradict them: Watbot's five methods per path, credentials
    # in query strings and form fields, Obzvonilka's Rails 404 for a wrong method).
    openapi: bool = False
    # A vendor's own document instead (vendor_docs): served at /openapi/<name>.json, built from
    # this router and these declarations, listed in /docs beside contacthub's.
    docs: VendorDoc | None = None

    @property
    def render(self) -> ErrorRenderer:
        """The framework-free rendering: ErrorRequest, exception -> ErrorAnswer."""
        return self.render_error.render
