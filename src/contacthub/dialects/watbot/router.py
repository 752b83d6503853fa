"""Assembles the Watbot dialect: its methods under /api/v1, its token guard, its Laravel errors."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from contacthub.dialects import Dialect
from contacthub.dialects.watbot.auth import provide_call
from contacthub.dialects.watbot.errors import PREFIX, STATUS, claims, render_error
from contacthub.dialects.watbot.openapi import WATBOT_DOC
from contacthub.dialects.watbot.routes.account import get_me
from contacthub.dialects.watbot.routes.contacts import create_or_update_contact, get_contacts
from contacthub.dialects.watbot.routes.tags import (
    attach_tag_to_contact,
    detach_tag_from_contact,
    get_bot_tags,
    get_contact_tags,
)
from contacthub.dialects.watbot.routes.variables import (
    delete_contact_variable,
    get_contact_variables,
    set_contact_variable,
)


def watbot_dialect() -> Dialect:
    router = Router(
        path=PREFIX,
        route_handlers=[
            get_contacts,
            create_or_update_contact,
            get_contact_tags,
            get_bot_tags,
            attach_tag_to_contact,
            detach_tag_from_contact,
            get_contact_variables,
            set_contact_variable,
            delete_contact_variable,
            get_me,
        ],
        dependencies={"call": Provide(provide_call)},
        exception_handlers={Exception: render_error},
        tags=["watbot"],
    )
    return Dialect(
        name="watbot",
        router=router,
        claims=claims,
        render_error=render_error,
        statuses=STATUS,
        docs=WATBOT_DOC,
    )
