"""getContactVariables, setContactVariable, deleteContactVariable: the core's custom fields.

A variable set here is the field of the same name in the native API and TWIN's attribute.
``contact_id`` and a variable's ``id`` are Watbot ids where the records have them, and so are
the variables' ids in answers (contacthub.dialects.watbot.ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import route

from contacthub.core import contact_fields
from contacthub.core.fields import MAX_FIELD_NAME, MAX_VALUE_LENGTH
from contacthub.core.principal import Principal
from contacthub.core.scope import Hub, Scope
from contacthub.dialects.hot import HotAnswer, HotContext, HotRequest, hot_read, hot_write
from contacthub.dialects.http import HubDep
from contacthub.dialects.watbot import ids, mapping
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import CallDep, principal_of
from contacthub.dialects.watbot.params import (
    RequestParams,
    media_type,
    parse_urlencoded,
    read_body,
)
from contacthub.dialects.watbot.routes import ANY_METHOD
from contacthub.dialects.watbot.rules import Rules


def _variable(rules: Rules) -> tuple[int, str | None, int | None]:
    """``contact_id`` and the variable, by ``name`` or by ``id``."""
    contact_id = rules.integer("contact_id", required=True)
    rules.require_one("name", "id")
    name = rules.text("name", max_length=MAX_FIELD_NAME)
    variable_id = rules.integer("id")
    return contact_id or 0, name, variable_id


async def _resolve(
    s: Scope, contact_id: int, variable_id: int | None
) -> tuple[int, int | None, frozenset[str]]:
    """The hub ids of the contact and the variable a request names (Watbot ids where the
    records have them), and whether variables have Watbot ids (``"field"`` in the set)."""
    named = [("contact", contact_id)]
    if variable_id is not None:
        named.append(("field", variable_id))
    refs, kinds = await ids.resolve(s, named, probe=("field",))
    return refs[0], refs[1] if variable_id is not None else None, kinds


async def hot_variables(context: HotContext, request: HotRequest) -> wire.Variables:
    """getContactVariables by GET in the hot lane (no body: the parameters are the query's)."""
    query = parse_urlencoded(request.query, "query string")
    params = RequestParams(query=query, merged=query)
    principal = await principal_of(context.hub, params, request.header(b"authorization"))
    return await contact_variables(context.hub, principal.org_id, query)


@route(
    "/getContactVariables",
    http_method=ANY_METHOD,
    status_code=200,
    opt=hot_read(hot_variables, takes_query=True),
)
async def get_contact_variables(hub: HubDep, call: CallDep) -> wire.Variables:
    """A contact's variables with their values (``contact_id``)."""
    return await contact_variables(hub, call.org_id, call.params)


async def contact_variables(hub: Hub, org_id: int, params: dict[str, Any]) -> wire.Variables:
    """getContactVariables on the wire (in Litestar and in the hot lane)."""
    rules = Rules(params)
    contact_id = rules.integer("contact_id", required=True)
    rules.check()
    assert contact_id is not None
    async with hub.reading(org_id) as s:
        contact_ref, _, kinds = await _resolve(s, contact_id, None)
        values = await contact_fields.contact_values(s, contact_ref)
        known = await ids.known(s, kinds, {"field": [value.field.id for value in values]})
    return mapping.variables(values, known.get("field", {}))


@dataclass(frozen=True, slots=True)
class VariableCall:
    """A hot POST of setContactVariable, read and not yet written."""

    params: RequestParams
    authorization: str | None


def prepare_variable(request: HotRequest) -> VariableCall | None:
    """The parameters of a POST of setContactVariable (the body's over the query's); None for
    multipart (Litestar's form parser reads it). Pure: a malformed body raises here."""
    query = parse_urlencoded(request.query, "query string")
    body = read_body(media_type(request.header(b"content-type")), request.body)
    if body is None:
        return None
    params = RequestParams(query=query, merged={**query, **body})
    return VariableCall(params, request.header(b"authorization"))


async def run_variable(context: HotContext, call: VariableCall) -> HotAnswer:
    """The write of a prepared setContactVariable."""
    principal = await principal_of(context.hub, call.params, call.authorization)
    return HotAnswer(await contact_variable_set(context.hub, principal, call.params.merged))


@route(
    "/setContactVariable",
    http_method=ANY_METHOD,
    status_code=200,
    opt=hot_write(prepare_variable, run_variable),
)
async def set_contact_variable(hub: HubDep, call: CallDep) -> wire.VariableData:
    """Create or update a contact's variable (``name`` or ``id``, ``value``, ``deletable``)."""
    return await contact_variable_set(hub, call.principal, call.params)


async def contact_variable_set(
    hub: Hub, principal: Principal, params: dict[str, Any]
) -> wire.VariableData:
    """setContactVariable on the wire (in Litestar and in the hot lane). Mapped before the unit
    of work ends: once it is committed, nothing fails."""
    rules = Rules(params)
    contact_id, name, variable_id = _variable(rules)
    value = rules.text("value", required=True, max_length=MAX_VALUE_LENGTH, keep_empty=True)
    deletable = rules.boolean("deletable")
    rules.check()
    assert value is not None
    async with hub.writing(principal) as s:
        contact_ref, field_ref, kinds = await _resolve(s, contact_id, variable_id)
        saved = await contact_fields.set_contact_value(
            s, contact_ref, value, name=name, field_ref=field_ref, deletable=deletable
        )
        known = await ids.known(s, kinds, {"field": [saved.field.id]})
        return wire.VariableData(data=mapping.variable_out(saved, known.get("field", {})))


@route("/deleteContactVariable", http_method=ANY_METHOD, status_code=200)
async def delete_contact_variable(hub: HubDep, call: CallDep) -> wire.Variables:
    """Remove a contact's variable (``name`` or ``id``); answers the variables it keeps."""
    rules = Rules(call.params)
    contact_id, name, variable_id = _variable(rules)
    rules.check()
    async with hub.writing(call.principal) as s:
        contact_ref, field_ref, kinds = await _resolve(s, contact_id, variable_id)
        await contact_fields.delete_contact_value(s, contact_ref, name=name, field_ref=field_ref)
        values = await contact_fields.contact_values(s, contact_ref)
        known = await ids.known(s, kinds, {"field": [value.field.id for value in values]})
    return mapping.variables(values, known.get("field", {}))
