"""The Laravel paginator of GET /api/v1/contact-lists: sizes, edges, links, parameters."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient as Client

from tests.dialects.plusofon.support import URL, headers
from tests.factories import Org, make_list

BASE = "http://contacthub.test"
PATH = f"{BASE}{URL}"


async def make_lists(org: Org, count: int) -> None:
    for i in range(1, count + 1):
        await make_list(org, f"Список {i}", "black" if i % 2 else "white")


async def page(client: Client, org: Org, query: str = "", **kwargs: Any) -> dict[str, Any]:
    answer = await client.request("GET", f"{URL}{query}", headers=headers(org), **kwargs)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def test_an_empty_store_is_one_empty_page(client: Client, org: Org) -> None:
    assert await page(client, org) == {
        "current_page": 1,
        "data": [],
        "first_page_url": f"{PATH}?page=1",
        "from": None,
        "last_page": 1,
        "last_page_url": f"{PATH}?page=1",
        "next_page_url": None,
        "path": PATH,
        "per_page": 15,
        "prev_page_url": None,
        "to": None,
        "total": 0,
        "success": True,
    }


async def test_exactly_one_full_page(client: Client, org: Org) -> None:
    await make_lists(org, 15)
    first = await page(client, org)
    assert [item["id"] for item in first["data"]] == list(range(1, 16))
    assert (first["from"], first["to"], first["last_page"]) == (1, 15, 1)
    assert first["next_page_url"] is None


async def test_one_more_than_a_page_makes_a_second(client: Client, org: Org) -> None:
    await make_lists(org, 16)
    first = await page(client, org)
    assert len(first["data"]) == 15
    assert first["data"][0] == {"id": 1, "name": "Список 1", "type": "black"}
    assert (first["from"], first["to"], first["last_page"], first["total"]) == (1, 15, 2, 16)
    assert first["next_page_url"] == f"{PATH}?page=2"
    assert first["last_page_url"] == f"{PATH}?page=2"
    assert first["prev_page_url"] is None

    second = await page(client, org, "?page=2")
    assert second["data"] == [{"id": 16, "name": "Список 16", "type": "white"}]
    assert (second["current_page"], second["from"], second["to"]) == (2, 16, 16)
    assert second["prev_page_url"] == f"{PATH}?page=1"
    assert second["next_page_url"] is None


async def test_following_next_page_url_visits_every_list_once(client: Client, org: Org) -> None:
    await make_lists(org, 12)
    seen: list[int] = []
    url: str | None = f"{URL}?per_page=5"
    sizes = []
    while url is not None:
        answer = await client.get(url.removeprefix(BASE), headers=headers(org))
        body = answer.json()
        assert body["per_page"] == 5
        sizes.append(len(body["data"]))
        seen.extend(item["id"] for item in body["data"])
        url = body["next_page_url"]
    assert seen == list(range(1, 13))
    assert sizes == [5, 5, 2]


async def test_a_chosen_page_size_stays_in_the_links(client: Client, org: Org) -> None:
    await make_lists(org, 12)
    second = await page(client, org, "?page=2&per_page=5")
    assert second["first_page_url"] == f"{PATH}?page=1&per_page=5"
    assert second["prev_page_url"] == f"{PATH}?page=1&per_page=5"
    assert second["next_page_url"] == f"{PATH}?page=3&per_page=5"
    assert second["last_page_url"] == f"{PATH}?page=3&per_page=5"
    assert (second["from"], second["to"], second["last_page"]) == (6, 10, 3)


async def test_a_page_past_the_end_is_empty_and_links_back(client: Client, org: Org) -> None:
    await make_lists(org, 12)
    past = await page(client, org, "?page=9&per_page=5")
    assert past["data"] == []
    assert (past["current_page"], past["from"], past["to"], past["total"]) == (9, None, None, 12)
    assert past["prev_page_url"] == f"{PATH}?page=8&per_page=5"
    assert past["next_page_url"] is None
    far = await page(client, org, "?page=1000000000")
    assert far["data"] == []


async def test_the_largest_page_size(client: Client, org: Org) -> None:
    await make_lists(org, 3)
    assert (await page(client, org, "?per_page=500"))["per_page"] == 500


async def test_parameters_in_a_json_body_on_get(client: Client, org: Org) -> None:
    """The vendor takes GET parameters in a JSON body; the body wins over the query string."""
    await make_lists(org, 12)
    from_body = await page(client, org, json={"page": 2, "per_page": 5})
    assert [item["id"] for item in from_body["data"]] == [6, 7, 8, 9, 10]
    as_strings = await page(client, org, json={"page": "3", "per_page": "5"})
    assert [item["id"] for item in as_strings["data"]] == [11, 12]
    both = await page(client, org, "?page=1&per_page=2", json={"page": 2})
    assert (both["current_page"], both["per_page"]) == (2, 2)
    assert [item["id"] for item in both["data"]] == [3, 4]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("?page=0", {"page": ["Значение поля page должно быть не меньше 1."]}),
        ("?page=-1", {"page": ["Поле page должно быть целым числом."]}),
        ("?page=abc", {"page": ["Поле page должно быть целым числом."]}),
        ("?page=1.5", {"page": ["Поле page должно быть целым числом."]}),
        ("?page=", {"page": ["Поле page должно быть целым числом."]}),
        ("?page=1000000001", {"page": ["Значение поля page не может быть больше 1000000000."]}),
        ("?page=99999999999999999999999", {"page": ["Поле page должно быть целым числом."]}),
        ("?per_page=0", {"per_page": ["Значение поля per_page должно быть не меньше 1."]}),
        ("?per_page=501", {"per_page": ["Значение поля per_page не может быть больше 500."]}),
        (
            "?page=x&per_page=y",
            {
                "page": ["Поле page должно быть целым числом."],
                "per_page": ["Поле per_page должно быть целым числом."],
            },
        ),
    ],
)
async def test_wrong_paging_parameters(
    client: Client, org: Org, query: str, errors: dict[str, list[str]]
) -> None:
    answer = await client.get(f"{URL}{query}", headers=headers(org))
    assert answer.status_code == 400
    body = answer.json()
    assert body["success"] is False
    assert body["errors"] == errors
    assert body["message"].startswith(next(iter(errors.values()))[0])


@pytest.mark.parametrize(
    "body",
    [{"page": True}, {"page": None, "per_page": [5]}, {"per_page": 2.5}, {"page": {"n": 1}}],
)
async def test_wrong_paging_parameters_in_a_body(
    client: Client, org: Org, body: dict[str, Any]
) -> None:
    answer = await client.request("GET", URL, json=body, headers=headers(org))
    assert answer.status_code == 400
    assert answer.json()["success"] is False
    assert set(answer.json()["errors"]) <= {"page", "per_page"}


async def test_a_malformed_json_body_on_the_list_page_is_refused(client: Client, org: Org) -> None:
    answer = await client.request("GET", URL, content=b"{page: 2", headers=headers(org))
    assert answer.status_code == 400
    assert "JSON" in answer.json()["message"]
