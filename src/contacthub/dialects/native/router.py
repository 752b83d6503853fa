"""Assembles the native API's router: every controller, its auth and its error envelope."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from contacthub.dialects import Dialect
from contacthub.dialects.native.auth import provide_principal
from contacthub.dialects.native.errors import STATUS, claims, render_error
from contacthub.dialects.native.openapi import document
from contacthub.dialects.native.path_ids import refuse_impossible_ids
from contacthub.dialects.native.routes.bases import BaseController
from contacthub.dialects.native.routes.bots import BotController
from contacthub.dialects.native.routes.contact_life import ContactLifeController
from contacthub.dialects.native.routes.contacts import ContactController
from contacthub.dialects.native.routes.duplicates import list_duplicates
from contacthub.dialects.native.routes.events import list_events
from contacthub.dialects.native.routes.exports import export_contacts
from contacthub.dialects.native.routes.fields import FieldController
from contacthub.dialects.native.routes.imports import ImportController
from contacthub.dialects.native.routes.lists import ListController
from contacthub.dialects.native.routes.organization import get_organization, lookup_phone
from contacthub.dialects.native.routes.tags import TagController
from contacthub.dialects.native.routes.tokens import TokenController
from contacthub.dialects.native.routes.users import UserController
from contacthub.dialects.native.routes.webhooks import WebhookController
from contacthub.dialects.native.strict_json import NativeRequest

PREFIX = "/api/hub/v1"


def native_dialect() -> Dialect:
    router = Router(
        path=PREFIX,
        route_handlers=[
            ContactController,
            ContactLifeController,
            TagController,
            FieldController,
            BotController,
            BaseController,
            ListController,
            UserController,
            TokenController,
            WebhookController,
            ImportController,
            export_contacts,
            list_events,
            list_duplicates,
            get_organization,
            lookup_phone,
        ],
        dependencies={"principal": Provide(provide_principal)},
        exception_handlers={Exception: render_error},
        before_request=refuse_impossible_ids,
        request_class=NativeRequest,
        security=[{"bearer": []}],
    )
    document(router)
    return Dialect(
        name="native",
        router=router,
        claims=claims,
        render_error=render_error,
        statuses=STATUS,
        openapi=True,
    )
