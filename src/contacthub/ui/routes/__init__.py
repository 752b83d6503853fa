"""The web interface's route handlers, one module per section (see contacthub.ui)."""

from __future__ import annotations

from typing import Any

from contacthub.ui.routes import (
    auth,
    catalog,
    contact,
    contacts,
    export,
    imports,
    integrations,
    lists,
    settings,
)

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
    contact.restore_contact,
    contact.merge_contact,
    lists.lists_page,
    lists.create_list,
    lists.list_page,
    lists.rename_list,
    lists.delete_list,
    lists.add_entry,
    lists.delete_entry,
    lists.phone_page,
    *catalog.ROUTES,
    *settings.ROUTES,
    *integrations.ROUTES,
    *imports.ROUTES,
    export.export,
]
