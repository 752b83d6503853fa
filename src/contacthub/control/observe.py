"""The control API's routes for what a test watches and breaks: the request journal, faults and
vendor limits of an organization (kept by this process: contacthub.control.journal, .rules)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from contacthub.control.journal import NO_ORG, Filters
from contacthub.control.routes import control_state, existing
from contacthub.control.rules import Fault, FaultRule, Limit, LimitRule
from contacthub.control.schemas import Requests
from contacthub.dialects.http import HubDep
from contacthub.errors import NotFound


def _filters(
    dialect: str | None,
    method: str | None,
    path: str | None,
    status: int | None,
    since: datetime | None,
) -> Filters:
    return Filters(dialect=dialect, method=method, path=path, status=status, since=since)


@get("/orgs/{org_id:int}/requests")
async def org_requests(
    org_id: FromPath[int],
    hub: HubDep,
    state: State,
    dialect: FromQuery[str | None] = None,
    method: FromQuery[str | None] = None,
    path: FromQuery[str | None] = None,
    status: FromQuery[int | None] = None,
    since: FromQuery[datetime | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
) -> Requests:
    """The organization's journaled requests, newest first, filtered (path is a prefix)."""
    await existing(hub, org_id)
    found = control_state(state).journal.entries(
        org_id, _filters(dialect, method, path, status, since)
    )
    return Requests(items=[entry for _, entry in zip(range(limit), found, strict=False)])


@delete("/orgs/{org_id:int}/requests", status_code=204)
async def clear_org_requests(org_id: FromPath[int], hub: HubDep, state: State) -> None:
    """Empty the organization's journal."""
    await existing(hub, org_id)
    control_state(state).journal.clear(org_id)


@get("/requests")
async def unowned_requests(
    state: State,
    dialect: FromQuery[str | None] = None,
    method: FromQuery[str | None] = None,
    path: FromQuery[str | None] = None,
    status: FromQuery[int | None] = None,
    since: FromQuery[datetime | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
) -> Requests:
    """Requests whose credential named no organization, newest first."""
    found = control_state(state).journal.entries(
        NO_ORG, _filters(dialect, method, path, status, since)
    )
    return Requests(items=[entry for _, entry in zip(range(limit), found, strict=False)])


@delete("/requests", status_code=204)
async def clear_unowned_requests(state: State) -> None:
    """Empty the journal of requests that named no organization."""
    control_state(state).journal.clear(NO_ORG)


@post("/orgs/{org_id:int}/faults", status_code=201)
async def add_fault(
    org_id: FromPath[int], data: JSONBody[FaultRule], hub: HubDep, state: State
) -> Fault:
    """Make the organization's matching requests wait, fail in their dialect's envelope, or drop."""
    await existing(hub, org_id)
    return control_state(state).rules.add_fault(org_id, data)


@get("/orgs/{org_id:int}/faults")
async def list_faults(org_id: FromPath[int], hub: HubDep, state: State) -> list[Fault]:
    """The organization's faults still armed."""
    await existing(hub, org_id)
    return control_state(state).rules.faults(org_id)


@delete("/orgs/{org_id:int}/faults", status_code=204)
async def remove_faults(org_id: FromPath[int], hub: HubDep, state: State) -> None:
    """Remove all the organization's faults."""
    await existing(hub, org_id)
    control_state(state).rules.remove_faults(org_id)


@delete("/orgs/{org_id:int}/faults/{fault_id:int}", status_code=204)
async def remove_fault(
    org_id: FromPath[int], fault_id: FromPath[int], hub: HubDep, state: State
) -> None:
    """Remove one fault."""
    await existing(hub, org_id)
    if not control_state(state).rules.remove_faults(org_id, fault_id):
        raise NotFound("the organization has no such fault")


@post("/orgs/{org_id:int}/limits", status_code=201)
async def add_limit(
    org_id: FromPath[int], data: JSONBody[LimitRule], hub: HubDep, state: State
) -> Limit:
    """Answer the vendor's 429 past ``per_second`` requests a second to a dialect (one limit a
    dialect: a new one replaces it)."""
    await existing(hub, org_id)
    return control_state(state).rules.add_limit(org_id, data)


@get("/orgs/{org_id:int}/limits")
async def list_limits(org_id: FromPath[int], hub: HubDep, state: State) -> list[Limit]:
    """The organization's limits."""
    await existing(hub, org_id)
    return control_state(state).rules.limits(org_id)


@delete("/orgs/{org_id:int}/limits", status_code=204)
async def remove_limits(org_id: FromPath[int], hub: HubDep, state: State) -> None:
    """Remove all the organization's limits."""
    await existing(hub, org_id)
    control_state(state).rules.remove_limits(org_id)


@delete("/orgs/{org_id:int}/limits/{limit_id:int}", status_code=204)
async def remove_limit(
    org_id: FromPath[int], limit_id: FromPath[int], hub: HubDep, state: State
) -> None:
    """Remove one limit."""
    await existing(hub, org_id)
    if not control_state(state).rules.remove_limits(org_id, limit_id):
        raise NotFound("the organization has no such limit")
