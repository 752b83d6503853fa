"""Another organization's lists answer exactly as lists that do not exist, and stay as they are."""

from __future__ import annotations

from httpx import AsyncClient as Client

from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list

BODY = {"name": "Hijacked", "type": "white", "contacts": [{"name": "X", "phones": ["79160000000"]}]}


async def test_another_organization_cannot_see_or_touch_a_list(
    client: Client, org: Org, other_org: Org
) -> None:
    await make_list(org, "Private", "black", {"A": ["79161111111"]})
    before = (await client.get(f"{URL}/1", headers=headers(org))).json()
    missing = await client.get(f"{URL}/999", headers=headers(other_org))

    for method, body in (("GET", None), ("PUT", BODY), ("PUT", {"name": "H", "type": "white"})):
        answer = await client.request(method, f"{URL}/1", json=body, headers=headers(other_org))
        assert (answer.status_code, answer.json()) == (missing.status_code, missing.json())
    deleted = await client.delete(f"{URL}/1", headers=headers(other_org))
    assert (deleted.status_code, deleted.json()) == (404, missing.json())

    their_page = (await client.get(URL, headers=headers(other_org))).json()
    assert (their_page["data"], their_page["total"]) == ([], 0)
    assert (await client.get(f"{URL}/1", headers=headers(org))).json() == before


async def test_pages_count_only_the_callers_lists(client: Client, org: Org, other_org: Org) -> None:
    for i in range(3):
        await make_list(other_org, f"Theirs {i}")
    await make_list(org, "Mine")
    page = (await client.get(URL, headers=headers(org))).json()
    assert page["data"] == [{"id": 4, "name": "Mine", "type": "black"}]
    assert (page["total"], page["from"], page["to"]) == (1, 1, 1)
