"""Helpers of the dialer API's tests: expected wire bodies, ways to send the key, records."""

from __future__ import annotations

from typing import Any

from contacthub.core import contacts
from contacthub.core.contacts import Contact, ContactDraft, ContactFilter, PhoneDraft
from tests.factories import Org, make_base

NOT_FOUND = {"status": 404, "error": "Not Found"}
INVALID_KEY = {"error": "Invalid API key"}
MISSING_KEY = {"error": "API key is required: pass api_key or the X-API-KEY header"}


def key(org: Org) -> dict[str, str]:
    """``?api_key=...``, the document's own example."""
    return {"api_key": org.token}


def header(org: Org) -> dict[str, str]:
    return {"X-API-KEY": org.token}


def contact_json(contact_id: int, **attributes: Any) -> dict[str, Any]:
    """A contact as the API answers it: every attribute present, null unless given."""
    body: dict[str, Any] = {
        "id": contact_id,
        "name": None,
        "address_string": None,
        "description": None,
        "email": None,
        "external_code": None,
        "www": None,
    }
    body.update({f"phone{n}": None for n in range(1, 11)})
    body.update({f"phone_remark{n}": None for n in range(1, 11)})
    unknown = set(attributes) - set(body)
    assert not unknown, f"not contact attributes: {unknown}"
    body.update(attributes)
    return body


def base_json(base_id: int, name: str, **attributes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": base_id,
        "auto_open_window_params": None,
        "deleted": False,
        "name": name,
        "parser_name": None,
        "parser_settings": None,
        "remark": None,
        "select_from_last": False,
        "use_predictive_call": False,
    }
    body.update(attributes)
    return body


def form(**attributes: str) -> dict[str, str]:
    """``contact[name]=...`` fields for a form body."""
    return {f"contact[{name}]": value for name, value in attributes.items()}


def multipart(fields: dict[str, str]) -> dict[str, tuple[None, str]]:
    """Fields as ``curl -F`` sends them (multipart/form-data, no file names)."""
    return {name: (None, value) for name, value in fields.items()}


async def stored(org: Org, contact_id: int) -> Contact:
    async with org.hub.reading(org.id) as s:
        return await contacts.get_contact(s, contact_id)


async def all_contacts(org: Org) -> list[Contact]:
    async with org.hub.reading(org.id) as s:
        return (await contacts.list_contacts(s, ContactFilter(), limit=500)).items


async def seeded(org: Org) -> Contact:
    """Base 1 with one contact of two phones with remarks, an e-mail and a site."""
    base = await make_base(org)
    draft = ContactDraft(
        name="Пётр",
        email="p@example.com",
        www="https://p.ru",
        base_id=base.id,
        phones=[
            PhoneDraft(number="89991112233", remark="мобильный"),
            PhoneDraft(number="84951234567", remark="офис"),
        ],
    )
    async with org.hub.writing(org.id) as s:
        return await contacts.create_contact(s, draft)
