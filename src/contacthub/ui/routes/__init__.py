"""The web interface's route handlers, one module per section (see contacthub.ui)."""

from __future__ import annotations

from typing import Any

from contacthub.ui.routes import auth, contacts

ROUTES: list[Any] = [
    auth.home,
    auth.login_form,
    auth.log_in,
    auth.log_out,
    auth.switch_language,
    contacts.contacts_page,
]
