"""Assembles the dialer API's router: its routes under ``/api``, its key and its error bodies."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from contacthub.dialects import Dialect
from contacthub.dialects.obzvonilka.auth import provide_params, provide_principal
from contacthub.dialects.obzvonilka.errors import STATUS, claims, render_error
from contacthub.dialects.obzvonilka.openapi import OBZVONILKA_DOC
from contacthub.dialects.obzvonilka.routes import bases, contacts, report, users


def obzvonilka_dialect() -> Dialect:
    router = Router(
        path="/api",
        route_handlers=[
            bases.list_bases,
            bases.get_base,
            contacts.list_contacts,
            contacts.get_contact,
            contacts.find_by_external,
            contacts.create_contact,
            contacts.patch_contact,
            contacts.put_contact,
            users.list_users,
            users.get_user,
            report.contacts_by_phone,
        ],
        dependencies={
            "params": Provide(provide_params),
            "principal": Provide(provide_principal),
        },
        exception_handlers={Exception: render_error},
        tags=["obzvonilka"],
    )
    return Dialect(
        name="obzvonilka",
        router=router,
        claims=claims,
        render_error=render_error,
        statuses=STATUS,
        docs=OBZVONILKA_DOC,
    )
