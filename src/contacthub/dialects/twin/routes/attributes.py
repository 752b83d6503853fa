"""/api/v1/clients/...: client attributes (the core's custom fields) and clients' values.

A client and an attribute in a path are TWIN ids where the records have them (core.vendor_ids,
system ``twin``; one statement a request resolves both), UUIDs otherwise; answers show them so.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath

from contacthub.core import contact_fields, contacts, fields, vendor_ids
from contacthub.core.scope import Scope
from contacthub.dialects.http import AnyRequest, HubDep, PrincipalDep
from contacthub.dialects.twin import mapping, params
from contacthub.dialects.twin import schemas as wire
from contacthub.dialects.twin.listing import list_body, list_options
from contacthub.dialects.twin.routes import empty


async def _resolve(
    s: Scope, wanted: list[tuple[str, str]], probe: tuple[str, ...] = ()
) -> tuple[list[int | str], frozenset[str]]:
    """The core's references of the TWIN ids (or UUIDs) a path names, ``probe`` as in
    ``core.vendor_ids.resolve_edge``."""
    return await vendor_ids.resolve_edge(s, mapping.SYSTEM, wanted, probe=probe)


class AttributeController(Controller):
    path = "/clients"
    tags = ["twin: client attributes"]

    @get("/attributes")
    async def list_attributes(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep
    ) -> dict[str, Any]:
        """List the company's client attributes (``count`` and ``items``)."""
        options = list_options(request.query_params, mapping.ATTRIBUTE_KEYS, mapping.UNIQUE_KEYS)
        async with hub.reading(principal.org_id) as s:
            found = await fields.list_fields(s)
            known = await vendor_ids.dialect_ids(s, mapping.SYSTEM, "field", [f.id for f in found])
        items = [mapping.attribute_item(f, principal.org_id, known) for f in found]
        return list_body(items, options)

    @post("/attributes", status_code=200)
    async def create_attribute(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep
    ) -> wire.IdOut:
        """Create a client attribute; answers its id (409 if the name is taken)."""
        body = params.decode(await request.body(), wire.AttributeIn)
        async with hub.writing(principal) as s:
            field = await fields.create_field(s, body.name)
        return wire.IdOut(id=field.uuid)

    @patch("/attributes/{attribute_id:str}")
    async def rename_attribute(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep, attribute_id: FromPath[str]
    ) -> Response[bytes]:
        """Rename a client attribute; clients keep their values. 200 without a body."""
        ref = mapping.path_uuid(attribute_id, "attribute")
        body = params.decode(await request.body(), wire.AttributeIn)
        async with hub.writing(principal) as s:
            (field_ref,), _ = await _resolve(s, [("field", ref)])
            await fields.rename_field(s, field_ref, body.name)
        return empty()

    @delete("/attributes/{attribute_id:str}", status_code=200)
    async def delete_attribute(
        self, hub: HubDep, principal: PrincipalDep, attribute_id: FromPath[str]
    ) -> Response[bytes]:
        """Delete a client attribute and its value on every client. 200 without a body."""
        ref = mapping.path_uuid(attribute_id, "attribute")
        async with hub.writing(principal) as s:
            (field_ref,), _ = await _resolve(s, [("field", ref)])
            await fields.delete_field(s, field_ref)
        return empty()

    @get("/{client_id:str}/attributes")
    async def list_client_attributes(
        self, request: AnyRequest, hub: HubDep, principal: PrincipalDep, client_id: FromPath[str]
    ) -> dict[str, Any]:
        """List the attributes a client has a value of, with the values."""
        client = mapping.path_uuid(client_id, "client")
        options = list_options(
            request.query_params, mapping.CLIENT_ATTRIBUTE_KEYS, mapping.UNIQUE_KEYS
        )
        async with hub.reading(principal.org_id) as s:
            (ref,), kinds = await _resolve(s, [("contact", client)], ("contact", "field"))
            # Asked by an absorbed client's id: the survivor's values, and its id in clientId.
            contact_id, uuid = await contacts.contact_key_of(s, ref)
            values = await fields.values_of_contact(s, contact_id)
            wanted = {"contact": [contact_id], "field": [value.field.id for value in values]}
            known = await vendor_ids.dialect_ids_of(s, mapping.SYSTEM, wanted, among=kinds)
        answered = mapping.twin_id(known.get("contact", {}), contact_id, uuid)
        shown = known.get("field", {})
        items = [
            mapping.client_attribute_item(v, answered, principal.org_id, shown) for v in values
        ]
        return list_body(items, options)

    @post("/{client_id:str}/attributes/{attribute_id:str}", status_code=200)
    async def set_client_attribute(
        self,
        request: AnyRequest,
        hub: HubDep,
        principal: PrincipalDep,
        client_id: FromPath[str],
        attribute_id: FromPath[str],
    ) -> Response[bytes]:
        """Set a client's value of an attribute (404 for an unknown one). 200 without a body."""
        client = mapping.path_uuid(client_id, "client")
        ref = mapping.path_uuid(attribute_id, "attribute")
        value = mapping.value_text(params.decode(await request.body(), wire.ValueIn).value)
        async with hub.writing(principal) as s:
            (contact_ref, field_ref), _ = await _resolve(s, [("contact", client), ("field", ref)])
            await contact_fields.set_contact_value(s, contact_ref, value, field_ref=field_ref)
        return empty()

    @delete("/{client_id:str}/attributes/{attribute_id:str}", status_code=200)
    async def delete_client_attribute(
        self,
        hub: HubDep,
        principal: PrincipalDep,
        client_id: FromPath[str],
        attribute_id: FromPath[str],
    ) -> Response[bytes]:
        """Remove a client's value of an attribute (404 if it has none). 200 without a body."""
        client = mapping.path_uuid(client_id, "client")
        ref = mapping.path_uuid(attribute_id, "attribute")
        async with hub.writing(principal) as s:
            (contact_ref, field_ref), _ = await _resolve(s, [("contact", client), ("field", ref)])
            await contact_fields.delete_contact_value(s, contact_ref, field_ref=field_ref)
        return empty()
