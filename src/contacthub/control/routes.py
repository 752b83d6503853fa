"""The control API's organization routes: create, delete, reset, seed, the seed's schema.

Every handler calls the core in one unit of work; none writes SQL. A reset or a delete also
drops the organization's journal and rules (contacthub.control.middleware.ControlState).
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, Response, delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from contacthub.control.middleware import ControlState
from contacthub.control.schemas import CreatedOrg, NewOrg
from contacthub.core import organizations, seed
from contacthub.core.scope import Hub
from contacthub.dialects.http import HubDep
from contacthub.errors import NotFound

YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
_MAX_ID = 2**63 - 1


def control_state(state: State) -> ControlState:
    """The process's journal and rules."""
    return cast(ControlState, state.control)


def known_id(org_id: int) -> int:
    """``org_id`` if it can name a row; a number past 64 bits names none."""
    if not 1 <= org_id <= _MAX_ID:
        raise NotFound("the organization does not exist")
    return org_id


async def existing(hub: Hub, org_id: int) -> int:
    """``org_id`` if the organization exists, else ``NotFound``."""
    await organizations.require_organization(hub, known_id(org_id))
    return org_id


@post("/orgs", status_code=201)
async def create_org(data: JSONBody[NewOrg], hub: HubDep) -> CreatedOrg:
    """Create an organization with an API token (milliseconds: for a test's fresh tenant)."""
    new = await organizations.create_organization(hub, data.name)
    org = new.organization
    return CreatedOrg(id=org.id, name=org.name, api_token=new.token.secret)


@delete("/orgs/{org_id:int}", status_code=204)
async def delete_org(org_id: FromPath[int], hub: HubDep, state: State) -> None:
    """Delete an organization and all its data, its tokens, journal and rules."""
    async with hub.writing(known_id(org_id)) as s:
        await organizations.delete_organization(s)
    control_state(state).forget(org_id)


@post("/orgs/{org_id:int}/reset", status_code=204)
async def reset_org(org_id: FromPath[int], hub: HubDep, state: State) -> None:
    """Remove the organization's data, journal and rules; its API tokens keep working."""
    async with hub.writing(known_id(org_id)) as s:
        await organizations.reset_organization(s)
    control_state(state).forget(org_id)


@post("/orgs/{org_id:int}/seed", status_code=201)
async def seed_org(
    org_id: FromPath[int], request: Request[Any, Any, Any], hub: HubDep
) -> seed.Seeded:
    """Load a seed document (JSON, or YAML by its content type) into the organization, whole or
    not at all; its JSON Schema is at /_contacthub/seed.schema.json."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    document = seed.decode(await request.body(), yaml=kind in YAML_TYPES)
    await existing(hub, org_id)  # before hashing passwords for nothing
    hashes = await seed.hash_passwords(document)
    async with hub.writing(org_id) as s:
        await organizations.get_organization(s)  # not deleted meanwhile
        return await seed.apply(s, document, hashes)


@get("/seed.schema.json")
async def seed_schema() -> Response[dict[str, Any]]:
    """The seed document's JSON Schema, with an example."""
    return Response(seed.SEED_SCHEMA, media_type="application/schema+json")
