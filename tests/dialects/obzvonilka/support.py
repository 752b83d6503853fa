"""Helpers of the dialer API's tests: expected wire bodies and the ways to send the key."""

from __future__ import annotations

from typing import Any

from tests.factories import Org

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
