"""Many writers on one contact at once: no lost update, no "database is locked", no deadlock."""

from __future__ import annotations

import asyncio

from httpx import AsyncClient

from tests.factories import Org, make_contact

WRITERS = 32


async def test_concurrent_writers_on_one_contact_lose_nothing(
    client: AsyncClient, org: Org
) -> None:
    contact = await make_contact(org, tags=[])
    url = f"/api/hub/v1/contacts/{contact.id}"

    async def writer(i: int) -> list[tuple[int, str]]:
        answers = []
        tags = [f"t{i}", f"t{(i + 1) % WRITERS}", "shared"]  # overlapping, in different orders
        for request in (
            client.post(f"{url}/tags", json={"name": f"t{i}"}, headers=org.auth),
            client.put(f"{url}/fields/f{i}", json={"value": str(i)}, headers=org.auth),
            client.put(f"{url}/fields/shared", json={"value": str(i)}, headers=org.auth),
            client.post(
                "/api/hub/v1/contacts", json={"name": f"c{i}", "tags": tags}, headers=org.auth
            ),
        ):
            answer = await request
            answers.append((answer.status_code, answer.text[:300]))
        return answers

    results = await asyncio.gather(*(writer(i) for i in range(WRITERS)))
    failures = [answer for answers in results for answer in answers if answer[0] not in (200, 201)]
    assert failures == []
    final = (await client.get(url, headers=org.auth)).json()
    assert sorted(final["tags"]) == sorted(f"t{i}" for i in range(WRITERS))
    assert {k: v for k, v in final["fields"].items() if k != "shared"} == {
        f"f{i}": str(i) for i in range(WRITERS)
    }
    assert final["fields"]["shared"] in {str(i) for i in range(WRITERS)}
    listed = (
        await client.get("/api/hub/v1/contacts?tag=shared&limit=500", headers=org.auth)
    ).json()
    assert len(listed["items"]) == WRITERS
    tags = (await client.get("/api/hub/v1/tags?limit=500", headers=org.auth)).json()["items"]
    assert len({t["name"] for t in tags}) == len(tags) == WRITERS + 1
