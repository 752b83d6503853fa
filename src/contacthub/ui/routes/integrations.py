"""/ui/settings/integrations: the organization's request journal and fault rules, for the
integrators who test against this server (administrators only).

    the control plane's own state (contacthub.control: Journal.entries, Rules.add_fault /
    faults / remove_faults, FaultRule.check) <- this page, with the viewer's organization

It exists only when the control plane does (``CONTACTHUB_ADMIN_TOKEN`` set): otherwise every
address here is a 404 and the settings page has no such section. The journal keeps the API
requests whose credential names the organization (a token or a login), already redacted; the
web interface's own requests, signed in by cookie, name none and are not in it.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import parse_qsl, unquote_plus, urlencode

import msgspec
from litestar import Response, get, post
from litestar.datastructures import State
from litestar.params import FromPath

from contacthub.control.journal import Entry, Filters
from contacthub.control.middleware import ControlState
from contacthub.control.rules import FaultRule
from contacthub.dialects.http import AnyRequest
from contacthub.errors import Forbidden, Invalid, NotFound
from contacthub.ui.forms import form_of, path_id, text
from contacthub.ui.render import page
from contacthub.ui.session import Viewer, ViewerDep, redirect

JOURNAL_LIMIT = 100  # the newest entries shown
DIALECTS = ("native", "watbot", "obzvonilka", "twin", "plusofon")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_NUMBERS = ("status", "delay_ms", "times", "seed")
FILTERS = ("method", "path", "status")  # the journal's, in the address
PAGE = "/ui/settings/integrations"


def control_of(state: State, viewer: Viewer) -> ControlState:
    """The process's journal and rules, for an administrator; a 404 without the control plane."""
    control = state.get("control")
    if control is None:
        raise NotFound("the control plane is off (CONTACTHUB_ADMIN_TOKEN is not set)")
    if not viewer.admin:
        raise Forbidden(
            "only an administrator may see the request journal and set faults",
            code="admin_required",
        )
    return cast(ControlState, control)


def journal_filters(query: Any) -> Filters:
    """The journal's filters from the address: method, a path prefix, a status."""
    status = text(query, "status")
    if status is not None and not (status.isdigit() and 100 <= int(status) <= 599):
        raise Invalid.field("status", "status must be an HTTP status (100-599)")
    method = text(query, "method")
    if method is not None and method.upper() not in METHODS:
        raise Invalid.field("method", f"method must be one of {', '.join(METHODS)}")
    return Filters(
        method=method,
        path=text(query, "path"),
        status=None if status is None else int(status),
    )


def fault_rule(form: dict[str, Any]) -> FaultRule:
    """The fault the form describes (checked by the control plane's own ``FaultRule.check``)."""
    given: dict[str, Any] = {
        name: value
        for name in ("dialect", "method", "path", *_NUMBERS, "probability")
        if (value := text(form, name)) is not None
    }
    given["drop"] = form.get("drop") == "yes"
    try:
        return msgspec.convert(given, FaultRule, strict=False)
    except msgspec.ValidationError as error:
        raise Invalid(f"the fault is not valid: {error}") from None


def back_to(form: dict[str, Any]) -> str:
    """This page again, with the journal's filters the form was sent under (``journal``)."""
    kept = [
        (name, value)
        for name, value in parse_qsl(text(form, "journal") or "")
        if name in FILTERS and value
    ]
    return PAGE + (f"?{urlencode(kept)}" if kept else "")


@get("/settings/integrations")
async def integrations_page(request: AnyRequest, viewer: ViewerDep) -> Response[str]:
    """The organization's recent API requests (filtered) and its fault rules."""
    control = control_of(request.app.state, viewer)
    filters = journal_filters(request.query_params)
    found = control.journal.entries(viewer.org_id, filters)
    entries: list[Entry] = [entry for _, entry in zip(range(JOURNAL_LIMIT), found, strict=False)]
    chosen = {name: text(request.query_params, name) or "" for name in FILTERS}
    return page(
        request,
        viewer,
        "integrations.html",
        entries=entries,
        faults=control.rules.faults(viewer.org_id),
        chosen=chosen,
        journal=urlencode({name: value for name, value in chosen.items() if value}),
        dialects=DIALECTS,
        methods=METHODS,
        limit=JOURNAL_LIMIT,
        readable=unquote_plus,  # a query as typed, not percent-encoded (it is redacted already)
    )


@post("/settings/integrations/faults")
async def add_fault(request: AnyRequest, viewer: ViewerDep) -> Response[None]:
    """Add a fault rule: the organization's matching API requests wait, fail or drop."""
    control = control_of(request.app.state, viewer)
    form = await form_of(request)
    control.rules.add_fault(viewer.org_id, fault_rule(form))
    return redirect(back_to(form))


@post("/settings/integrations/faults/{fault_id:str}/delete")
async def remove_fault(
    request: AnyRequest, viewer: ViewerDep, fault_id: FromPath[str]
) -> Response[None]:
    """Remove one of the organization's fault rules."""
    control = control_of(request.app.state, viewer)
    if not control.rules.remove_faults(viewer.org_id, path_id(fault_id, "fault")):
        raise NotFound(f"fault {fault_id} does not exist")
    return redirect(back_to(await form_of(request)))


ROUTES = [integrations_page, add_fault, remove_fault]
