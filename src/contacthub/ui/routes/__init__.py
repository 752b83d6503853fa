"""The web interface's route handlers, one module per section (see contacthub.ui)."""

from __future__ import annotations

from typing import Any

from contacthub.ui.routes import auth, contact, contacts

ROUTES: list[Any] = [
    auth.home,
    auth.login_form,
    auth.log_in,
    auth.log_out,
    auth.switch_language,
    contacts.contacts_page,
    contact.new_contact_form,
    contact.create_contact,
    contact.contact_page,
    contact.update_contact,
    contact.delete_contact,
]
