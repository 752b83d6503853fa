"""Obzvonilka finds contacts by external code: a code held by a contact merged away answers the
survivor (like its stored id), within the survivor's base, after the absorbed row is purged and
along chains of merges; a live holder of the code wins; an erase forgets the codes."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient as Client

from contacthub.core.contacts import lifecycle
from tests.factories import Org, make_base
from tests.support import TestClock

API = "/api/hub/v1"


async def _contact(client: Client, org: Org, body: dict[str, Any]) -> dict[str, Any]:
    made = await client.post(f"{API}/contacts", json=body, headers=org.auth)
    assert made.status_code == 201, made.text
    found: dict[str, Any] = made.json()
    return found


async def _by_code(client: Client, org: Org, base_id: int, code: str) -> Any:
    return await client.get(
        f"/api/contact_bases/{base_id}/contacts/find_by_external/{code}.json",
        params={"api_key": org.token},
    )


async def test_an_absorbed_external_code_answers_the_survivor(
    client: Client, org: Org, other_org: Org
) -> None:
    base = await make_base(org)
    other_base = await make_base(org, "База 2")
    keep = await _contact(
        client, org, {"name": "Выживший", "external_code": "K-1", "base_id": base.id}
    )
    gone = await _contact(
        client, org, {"name": "Поглощённый", "external_code": "G-1", "base_id": base.id}
    )
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [gone["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    found = await _by_code(client, org, base.id, "G-1")
    assert found.status_code == 200, found.text
    assert found.json()["id"] == keep["id"]
    # In another base the survivor is not there: not found, as for any contact.
    assert (await _by_code(client, org, other_base.id, "G-1")).status_code == 404
    # Another organization learns nothing from the code.
    their_base = await make_base(other_org)
    assert (await _by_code(client, other_org, their_base.id, "G-1")).status_code == 404
    # A live contact given the code later is the one the code names.
    fresh = await _contact(
        client, org, {"name": "Новый", "external_code": "G-1", "base_id": base.id}
    )
    assert (await _by_code(client, org, base.id, "G-1")).json()["id"] == fresh["id"]


async def test_absorbed_codes_answer_after_the_purge_and_along_chains(
    client: Client, org: Org, clock: TestClock
) -> None:
    clock.freeze()
    base = await make_base(org)
    first = await _contact(
        client, org, {"name": "Первый", "external_code": "F-1", "base_id": base.id}
    )
    middle = await _contact(
        client, org, {"name": "Средний", "external_code": "M-1", "base_id": base.id}
    )
    # A code of its own: the merges do not fill its column with theirs.
    final = await _contact(
        client, org, {"name": "Последний", "external_code": "L-1", "base_id": base.id}
    )
    for survivor, absorbed in ((middle, first), (final, middle)):
        merged = await client.post(
            f"{API}/contacts/{survivor['id']}/merge",
            json={"from": [absorbed["id"]]},
            headers=org.auth,
        )
        assert merged.status_code == 200, merged.text
    clock.advance(days=31)
    assert await lifecycle.purge_deleted(org.hub, clock(), restore_days=30) == 2
    for code in ("F-1", "M-1"):
        found = await _by_code(client, org, base.id, code)
        assert found.status_code == 200, found.text
        assert found.json()["id"] == final["id"]
    erased = await client.post(f"{API}/contacts/{final['id']}/erase", headers=org.auth)
    assert erased.status_code == 204, erased.text
    for code in ("F-1", "M-1"):
        assert (await _by_code(client, org, base.id, code)).status_code == 404


async def test_a_code_answers_the_oldest_holders_survivor_that_is_live(
    client: Client, org: Org
) -> None:
    base = await make_base(org)
    survivors = []
    for i, name in enumerate(("Первый", "Второй")):
        gone = await _contact(client, org, {"name": name, "external_code": "D-1"})
        # A code of its own: the merge does not fill its column with D-1.
        keep = await _contact(
            client, org, {"name": f"{name} выживший", "external_code": f"K-{i}", "base_id": base.id}
        )
        merged = await client.post(
            f"{API}/contacts/{keep['id']}/merge", json={"from": [gone["id"]]}, headers=org.auth
        )
        assert merged.status_code == 200, merged.text
        survivors.append(keep)
    assert (await _by_code(client, org, base.id, "D-1")).json()["id"] == survivors[0]["id"]
    await client.delete(f"{API}/contacts/{survivors[0]['id']}", headers=org.auth)
    found = await _by_code(client, org, base.id, "D-1")
    assert found.status_code == 200, found.text
    assert found.json()["id"] == survivors[1]["id"]
