"""The web interface at /ui/: the organization's contacts for people, not integrations.

    browser --cookie--> session.provide_viewer (the user's login, CSRF on every POST)
            --> routes/* (read the form, one core call per change) --> render.page (Jinja2)

It is a client of the core like the vendor dialects: every read and write goes through a
``Scope`` opened with the viewer's principal, so it sees one organization and the core's role
rules apply (a member gets a 403 page where an administrator acts). Pages are rendered on the
server and work without script; ``static/ui.js`` (ours, a few dozen lines) adds the search as one
types, confirmations and the import's live progress. Nothing is loaded from another origin: the
page's Content-Security-Policy (security_headers.UI_POLICY) allows this server alone.

    routes/auth.py      sign in and out, the language switch
    routes/contacts.py  the table: search, filters, keyset pages
    routes/contact.py   one contact: every field, phones, tags, field values, lists, history
                        (history.py: the change feed in words); edit, delete
    routes/catalog.py   tags, bases, bots, custom fields
    routes/lists.py     black and white lists and their numbers; "is this number blocked?"
    routes/settings.py  API tokens, users (role, on/off), the organization's name
    routes/integrations.py  the request journal and fault rules (only with the control plane)
    routes/imports.py   upload, the guessed reading, progress, rejects; export
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.static_files import create_static_files_router

from contacthub.ui.errors import HANDLERS
from contacthub.ui.routes import ROUTES
from contacthub.ui.session import provide_viewer

STATIC = Path(__file__).parent / "static"


def ui_router() -> Router:
    """The web interface's pages under /ui, with its own error pages and static files."""
    static = create_static_files_router(
        path="/static",
        directories=[STATIC],
        # Our own CSS and script change only with a release.
        cache_control=CacheControlHeader(max_age=3600),
        include_in_schema=False,
    )
    return Router(
        "/ui",
        route_handlers=[*ROUTES, static],
        dependencies={"viewer": Provide(provide_viewer)},
        exception_handlers=HANDLERS,
        include_in_schema=False,
    )
