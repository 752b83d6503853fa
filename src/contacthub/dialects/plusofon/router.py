"""Assembles Plusofon's router: the contact-list methods, their auth and their error envelope."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from contacthub.dialects import Dialect
from contacthub.dialects.plusofon.auth import provide_principal
from contacthub.dialects.plusofon.errors import PREFIX, STATUS, claims, render_error
from contacthub.dialects.plusofon.openapi import PLUSOFON_DOC
from contacthub.dialects.plusofon.routes.auth import login
from contacthub.dialects.plusofon.routes.lists import ContactListController


def plusofon_dialect() -> Dialect:
    contact_lists = Router(
        path=PREFIX,
        route_handlers=[ContactListController],
        dependencies={"principal": Provide(provide_principal)},
        security=[{"bearer": []}],
    )
    router = Router(
        path="/",
        route_handlers=[contact_lists, login],
        exception_handlers={Exception: render_error},
    )
    return Dialect(
        name="plusofon",
        router=router,
        claims=claims,
        render_error=render_error,
        statuses=STATUS,
        docs=PLUSOFON_DOC,
    )
