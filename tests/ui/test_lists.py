"""Lists and the number check: what the page writes, Plusofon and the native API see."""

from __future__ import annotations

import httpx

from contacthub.core.users import User
from tests.factories import Org, make_list, make_user
from tests.ui.support import PASSWORD, csrf_of, post_form, sign_in

PLUSOFON = {"Client": "10553", "Accept": "application/json"}


async def test_a_list_made_and_filled_on_the_page_is_plusofons(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    made = await post_form(signed_in, "/ui/lists", "/ui/lists", {"name": "Стоп", "type": "black"})
    assert made.status_code == 303
    url = made.headers["location"]
    added = await post_form(signed_in, url, f"{url}/entries", {"number": "8 916 555-00-11"})
    assert added.status_code == 303
    list_id = url.rsplit("/", 1)[1]
    plusofon = await signed_in.get(
        f"/api/v1/contact-lists/{list_id}", headers={**org.auth, **PLUSOFON}
    )
    assert plusofon.status_code == 200, plusofon.text
    assert "79165550011" in plusofon.text
    check = await signed_in.get("/ui/phones", params={"number": "+7 (916) 555 00 11"})
    assert 'id="verdict"' in check.text
    assert "Заблокирован" in check.text
    native = await signed_in.get("/api/hub/v1/phones/79165550011", headers=org.auth)
    assert native.json()["blocked"] is True
    page = await signed_in.get(url)
    entry = page.text.split(f'action="{url}/entries/')[1].split("/delete")[0]
    gone = await signed_in.post(f"{url}/entries/{entry}/delete", data={"csrf": csrf_of(page)})
    assert gone.status_code == 303
    native = await signed_in.get("/api/hub/v1/phones/79165550011", headers=org.auth)
    assert native.json()["blocked"] is False


async def test_a_number_that_is_not_one_is_a_422_on_the_page(
    signed_in: httpx.AsyncClient,
) -> None:
    answer = await signed_in.get("/ui/phones", params={"number": "12"})
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text


async def test_a_member_may_fill_a_list_but_not_delete_it(
    browser: httpx.AsyncClient, org: Org
) -> None:
    member = await make_user(org, "member@example.com", PASSWORD)
    await sign_in(browser, member.email)
    black = await make_list(org, "Чёрный", entries={"x": ["79160000009"]})
    url = f"/ui/lists/{black.id}"
    assert (
        await post_form(browser, url, f"{url}/entries", {"number": "79160000010"})
    ).status_code == 303
    refused = await post_form(browser, url, f"{url}/delete")
    assert refused.status_code == 403
    assert (await browser.get(url)).status_code == 200


async def test_another_organizations_list_is_not_found(
    signed_in: httpx.AsyncClient, other_org: Org, admin: User
) -> None:
    theirs = await make_list(other_org, "Чужой список", entries={"x": ["79160000011"]})
    for url in (f"/ui/lists/{theirs.id}", "/ui/lists/99999999999999999999", "/ui/lists/x"):
        answer = await signed_in.get(url)
        assert answer.status_code == 404, url
        assert "Чужой" not in answer.text
    page = await signed_in.get("/ui/lists")
    refused = await signed_in.post(
        f"/ui/lists/{theirs.id}/entries", data={"csrf": csrf_of(page), "number": "79160000012"}
    )
    assert refused.status_code == 404
