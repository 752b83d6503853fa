"""The contacts table's keyset pages: next, previous (a back-stack of cursors in the address),
first; the filters ride along."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from contacthub.ui.routes import contacts as table
from tests.factories import Org, make_contact


def _names(page: httpx.Response) -> list[str]:
    return re.findall(r'<a href="/ui/contacts/\d+">([^<]+)</a>', page.text)


def _link(page: httpx.Response, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page.text)
    return None if found is None else html.unescape(found.group(1))


async def test_next_and_previous_pages_walk_the_table_both_ways(
    signed_in: httpx.AsyncClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table, "PAGE_SIZE", 3)
    for n in range(1, 9):
        await make_contact(org, f"Клиент {n}", [f"7916000000{n}"], tags=["all"])
    await make_contact(org, "Не тот", ["79160000099"])
    pages = []
    url: str | None = "/ui/contacts?tag=all"
    while url is not None:
        page = await signed_in.get(url)
        assert page.status_code == 200, page.text[:300]
        pages.append((url, _names(page)))
        url = _link(page, "next")
    assert [names for _, names in pages] == [
        ["Клиент 1", "Клиент 2", "Клиент 3"],
        ["Клиент 4", "Клиент 5", "Клиент 6"],
        ["Клиент 7", "Клиент 8"],
    ]
    assert _link(await signed_in.get(pages[0][0]), "prev") is None
    # Back from the last page, page by page, to the first: the same rows as on the way there.
    page = await signed_in.get(pages[-1][0])
    for _, names in reversed(pages[:-1]):
        back = _link(page, "prev")
        assert back is not None
        assert "tag=all" in back  # the filter rides along
        page = await signed_in.get(back)
        assert _names(page) == names
    assert _link(page, "prev") is None
    assert _link(page, "next") == pages[1][0]


async def test_a_bad_cursor_in_the_back_stack_is_a_422_page(
    signed_in: httpx.AsyncClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table, "PAGE_SIZE", 1)
    for n in range(1, 4):
        await make_contact(org, f"Клиент {n}", [f"7916000001{n}"])
    page = await signed_in.get("/ui/contacts?back=.bogus")
    back = _link(page, "prev")
    assert back is not None
    assert (await signed_in.get(back)).status_code == 422


async def test_the_back_stack_keeps_at_most_back_depth_cursors(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    deep = ".".join(["aWQ6MQ"] * (table.BACK_DEPTH + 30))  # id:1, again and again
    page = await signed_in.get("/ui/contacts", params={"back": deep})
    back = _link(page, "prev")
    assert back is not None
    kept = re.search(r"back=([^&]+)", back)
    assert kept is not None
    assert len(kept.group(1).split(".")) == table.BACK_DEPTH - 1
