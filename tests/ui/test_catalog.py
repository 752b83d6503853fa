"""Tags, bases, bots and custom fields: add, rename, delete from the page; roles hold."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import Org, make_user
from tests.ui.support import PASSWORD, post_form, sign_in

NATIVE = {"tags": "tags", "bases": "bases", "bots": "bots", "fields": "fields"}


@pytest.mark.parametrize("kind", sorted(NATIVE))
async def test_add_rename_delete(signed_in: httpx.AsyncClient, org: Org, kind: str) -> None:
    url = f"/ui/{kind}"
    assert (await post_form(signed_in, url, url, {"name": "Первый"})).status_code == 303
    listed = (await signed_in.get(f"/api/hub/v1/{NATIVE[kind]}", headers=org.auth)).json()
    record = next(item for item in listed["items"] if item["name"] == "Первый")
    renamed = await post_form(signed_in, url, f"{url}/{record['id']}", {"name": "Второй"})
    assert renamed.status_code == 303
    page = await signed_in.get(url)
    assert 'value="Второй"' in page.text
    duplicate = await post_form(signed_in, url, url, {"name": "Второй"})
    assert duplicate.status_code in (303, 409)  # bases may share a name; the others may not
    gone = await post_form(signed_in, url, f"{url}/{record['id']}/delete")
    assert gone.status_code == 303
    missing = await post_form(signed_in, url, f"{url}/{record['id']}/delete")
    assert missing.status_code == 404


async def test_an_empty_name_is_a_422_page(signed_in: httpx.AsyncClient) -> None:
    answer = await post_form(signed_in, "/ui/tags", "/ui/tags", {"name": " "})
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text


async def test_a_member_may_not_delete_a_tag(browser: httpx.AsyncClient, org: Org) -> None:
    member = await make_user(org, "member@example.com", PASSWORD)
    await sign_in(browser, member.email)
    assert (await post_form(browser, "/ui/tags", "/ui/tags", {"name": "t"})).status_code == 303
    tag = (await browser.get("/api/hub/v1/tags", headers=org.auth)).json()["items"][0]
    refused = await post_form(browser, "/ui/tags", f"/ui/tags/{tag['id']}/delete")
    assert refused.status_code == 403
