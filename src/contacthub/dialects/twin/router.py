"""Assembles TWIN's router: the IAM's login and the chat's client attributes under /api/v1."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from contacthub.dialects import Dialect
from contacthub.dialects.twin.auth import provide_policy, provide_principal
from contacthub.dialects.twin.errors import PREFIX, STATUS, claims, render_error
from contacthub.dialects.twin.openapi import TWIN_DOC
from contacthub.dialects.twin.routes.attributes import AttributeController
from contacthub.dialects.twin.routes.auth import login, refresh


def twin_dialect() -> Dialect:
    router = Router(
        path=PREFIX,
        route_handlers=[login, refresh, AttributeController],
        dependencies={
            "policy": Provide(provide_policy, sync_to_thread=False),
            "principal": Provide(provide_principal),
        },
        exception_handlers={Exception: render_error},
        security=[{"bearer": []}],
    )
    return Dialect(
        name="twin",
        router=router,
        claims=claims,
        render_error=render_error,
        statuses=STATUS,
        docs=TWIN_DOC,
    )
