"""/ui/contacts/{id}: one contact, everything the store knows of it, and its edit form.

The form sends every field at once and the page writes it as one ``ContactDraft`` (one
transaction): phones replace the contact's phones, the tags text its tags, the field rows its
custom field values (an emptied value removes it). A refused form is shown again as it was
typed, with the core's complaint, and a 422.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Response, get, post
from litestar.params import FromPath

from contacthub.config import Settings
from contacthub.core import contacts, lookup
from contacthub.core.contacts import Contact, ContactDraft, PhoneDraft, lifecycle, merge
from contacthub.core.contacts.model import TEXT_COLUMNS
from contacthub.core.lookup import ListMembership
from contacthub.core.scope import Scope
from contacthub.dialects.http import AnyRequest, HubDep
from contacthub.errors import Conflict, Invalid
from contacthub.ui.forms import form_of, optional_id, path_id, text
from contacthub.ui.history import history_of
from contacthub.ui.render import page
from contacthub.ui.routes.contacts import menus
from contacthub.ui.session import ViewerDep, redirect

# The text columns the form shows, in this order (every one of TEXT_COLUMNS).
LONG_TEXTS = frozenset({"address", "description"})
TEXTS = list(TEXT_COLUMNS)
NEW_ROWS = 2  # empty phone and field rows under the contact's own


def _values_of(contact: Contact | None) -> dict[str, Any]:
    """The form's values for a stored contact (or an empty form)."""
    if contact is None:
        return dict.fromkeys(TEXTS, "") | {
            "base_id": "",
            "bot_id": "",
            "phones": [],
            "tags": "",
            "fields": [],
        }
    return {
        **{name: getattr(contact, name) or "" for name in TEXTS},
        "base_id": str(contact.base_id or ""),
        "bot_id": str(contact.bot_id or ""),
        "phones": [(phone.number, phone.remark or "") for phone in contact.phones],
        "tags": ", ".join(contact.tags or []),
        "fields": sorted((contact.fields or {}).items()),
    }


def _values_sent(form: dict[str, Any]) -> dict[str, Any]:
    """The form's values as they were typed (to show a refused form again)."""
    return {
        **{name: str(form.get(name) or "") for name in TEXTS},
        "base_id": str(form.get("base_id") or ""),
        "bot_id": str(form.get("bot_id") or ""),
        "phones": list(zip(form.get("phone[]", []), form.get("remark[]", []), strict=False)),
        "tags": str(form.get("tags") or ""),
        "fields": list(
            zip(form.get("field_name[]", []), form.get("field_value[]", []), strict=False)
        ),
    }


def _draft(form: dict[str, Any]) -> ContactDraft:
    """The contact as the form says it: what the form sends is set (an emptied input clears
    it, emptied rows go), what it does not send is left as it is."""
    changes: dict[str, Any] = {name: text(form, name) for name in TEXTS if name in form}
    for name in ("base_id", "bot_id"):
        if name in form:
            changes[name] = optional_id(form, name)
    if "phone[]" in form:
        changes["phones"] = [
            PhoneDraft(number=number.strip(), remark=remark.strip() or None)
            for number, remark in zip(form["phone[]"], form.get("remark[]", []), strict=False)
            if number.strip()
        ]
    if "field_name[]" in form:
        pairs = zip(form["field_name[]"], form.get("field_value[]", []), strict=False)
        changes["fields"] = {
            name.strip(): value.strip() for name, value in pairs if name.strip() and value.strip()
        }
    if "tags" in form:
        changes["tags"] = [tag.strip() for tag in str(form["tags"]).split(",") if tag.strip()]
    return ContactDraft(**changes)


async def _lists_of(s: Scope, contact: Contact) -> list[tuple[str, ListMembership]]:
    """The black and white lists that hold the contact's numbers, by number."""
    found = []
    for e164 in dict.fromkeys(phone.e164 for phone in contact.phones):
        report = await lookup.lookup_phone(s, e164)
        found += [(e164, membership) for membership in report.lists]
    return found


async def _contact_page(
    request: AnyRequest,
    hub: HubDep,
    viewer: ViewerDep,
    contact: Contact | None,
    *,
    values: dict[str, Any] | None = None,
    error: Invalid | Conflict | None = None,
) -> Response[str]:
    async with hub.reading(viewer.org_id) as s:
        catalog = await menus(s)
        held = await _lists_of(s, contact) if contact is not None else []
        duplicates = await merge.duplicates_of(s, contact) if contact is not None else []
        history = None
        if contact is not None:
            history = await history_of(s, contact.id, text(request.query_params, "before"))
    return page(
        request,
        viewer,
        "contact.html",
        status=422 if isinstance(error, Invalid) else 409 if error else 200,
        contact=contact,
        values=values or _values_of(contact),
        texts=TEXTS,
        long_texts=LONG_TEXTS,
        new_rows=NEW_ROWS,
        held=held,
        duplicates=duplicates,
        history=history,
        request_before=bool(text(request.query_params, "before")),
        error=error,
        saved=request.query_params.get("saved") == "1",
        **catalog,
    )


@get("/contacts/new")
async def new_contact_form(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[str]:
    """An empty contact form."""
    return await _contact_page(request, hub, viewer, None)


@post("/contacts/new")
async def create_contact(request: AnyRequest, hub: HubDep, viewer: ViewerDep) -> Response[Any]:
    """Create a contact from the form."""
    form = await form_of(request)
    try:
        async with hub.writing(viewer.principal) as s:
            contact = await contacts.create_contact(s, _draft(form))
    except (Invalid, Conflict) as error:
        return await _contact_page(
            request, hub, viewer, None, values=_values_sent(form), error=error
        )
    return redirect(f"/ui/contacts/{contact.id}?saved=1")


@get("/contacts/{ref:str}")
async def contact_page(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, ref: FromPath[str]
) -> Response[str]:
    """One contact: its fields, phones, tags, field values, lists, vendor ids and history."""
    async with hub.reading(viewer.org_id) as s:
        contact = await contacts.get_contact(s, ref, with_tags=True, with_fields=True)
    return await _contact_page(request, hub, viewer, contact)


@post("/contacts/{ref:str}")
async def update_contact(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, ref: FromPath[str]
) -> Response[Any]:
    """Save the contact's form."""
    form = await form_of(request)
    try:
        async with hub.writing(viewer.principal) as s:
            contact = await contacts.update_contact(s, ref, _draft(form))
    except (Invalid, Conflict) as error:
        async with hub.reading(viewer.org_id) as s:
            stored = await contacts.get_contact(s, ref, with_tags=True, with_fields=True)
        return await _contact_page(
            request, hub, viewer, stored, values=_values_sent(form), error=error
        )
    return redirect(f"/ui/contacts/{contact.id}?saved=1")


@post("/contacts/{ref:str}/delete")
async def delete_contact(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, ref: FromPath[str]
) -> Response[None]:
    """Delete the contact (from every API)."""
    async with hub.writing(viewer.principal) as s:
        contact_id = await contacts.contact_id_of(s, ref)
        await contacts.delete_contact(s, contact_id)
    return redirect(f"/ui/contacts?deleted={contact_id}")


@post("/contacts/{ref:str}/merge")
async def merge_contact(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, ref: FromPath[str]
) -> Response[None]:
    """Merge a suggested duplicate into this contact: this one's own values win; the other's id
    answers this contact from then on."""
    other = path_id(text(await form_of(request), "other") or "", "contact")
    async with hub.writing(viewer.principal) as s:
        kept = await merge.merge_contacts(s, ref, [other], prefer="survivor")
    return redirect(f"/ui/contacts/{kept.id}?saved=1")


@post("/contacts/{ref:str}/restore")
async def restore_contact(
    request: AnyRequest, hub: HubDep, viewer: ViewerDep, ref: FromPath[str]
) -> Response[None]:
    """Undo the delete of a contact."""
    days = cast(Settings, request.app.state.settings).restore_days
    async with hub.writing(viewer.principal) as s:
        contact = await lifecycle.restore_contact(s, path_id(ref, "contact"), days)
    return redirect(f"/ui/contacts/{contact.id}")
