"""A contact's history on its page: newest first, each field before and after, who and through
which API, paged; never another organization's."""

from __future__ import annotations

import re

import httpx

from contacthub.ui.history import HISTORY_PAGE
from tests.factories import Org, make_contact
from tests.ui.support import post_form

H = "/api/hub/v1"


def _history(page: httpx.Response) -> str:
    found = re.search(r'<section aria-labelledby="history">(.*?)</section>', page.text, re.S)
    assert found is not None, page.text[-2000:]
    return found.group(1)


async def test_the_history_shows_each_change_who_made_it_and_through_which_api(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    body = {"name": "Ольга", "phones": [{"number": "79160000001"}]}
    made = await signed_in.post(f"{H}/contacts", json=body, headers=org.auth)
    assert made.status_code == 201, made.text
    contact_id = made.json()["id"]
    edited = await post_form(
        signed_in, f"/ui/contacts/{contact_id}", f"/ui/contacts/{contact_id}",
        {"name": "Ольга Петровна", "phone[]": "79160000001", "tags": "VIP"},
    )  # fmt: skip
    assert edited.status_code == 303
    history = _history(await signed_in.get(f"/ui/contacts/{contact_id}"))
    # Newest first: the page's edit (by the signed-in user, through the web interface), then
    # the creation through the native API with the organization's token.
    changed, created = history.index("Изменён"), history.index("Создан")
    assert changed < created
    newest = history[changed:created]
    assert "ui" in newest
    assert "admin@example.com" in newest
    assert "Ольга" in newest
    assert "Ольга Петровна" in newest
    assert "VIP" in newest
    oldest = history[created:]
    assert "native" in oldest
    assert "+79160000001" in oldest


async def test_a_long_history_is_paged_by_keyset(signed_in: httpx.AsyncClient, org: Org) -> None:
    contact = await make_contact(org, "v0", ["79160000002"])
    for n in range(1, HISTORY_PAGE + 5):
        answer = await signed_in.patch(
            f"{H}/contacts/{contact.id}", json={"name": f"v{n}"}, headers=org.auth
        )
        assert answer.status_code == 200, answer.text
    first = await signed_in.get(f"/ui/contacts/{contact.id}")
    shown = _history(first)
    assert shown.count("<li>") == HISTORY_PAGE
    assert f"v{HISTORY_PAGE + 4}" in shown
    older = re.search(r'href="(/ui/contacts/\d+\?before=[^"#]+)#history" rel="next"', shown)
    assert older is not None
    second = _history(await signed_in.get(older.group(1)))
    # The rest: the oldest changes, down to the creation (by the factory: the operator's).
    assert ">v1<" in second
    assert "Создан" in second
    assert "operator" in second
    assert f">v{HISTORY_PAGE + 4}<" not in second
    assert 'rel="next"' not in second
    assert "Последние изменения" in second  # back to the newest
    bad = await signed_in.get(f"/ui/contacts/{contact.id}?before=bogus")
    assert bad.status_code == 422


async def test_another_organizations_history_never_shows(
    signed_in: httpx.AsyncClient, org: Org, other_org: Org
) -> None:
    theirs = await signed_in.post(
        f"{H}/contacts", json={"name": "Чужой секрет"}, headers=other_org.auth
    )
    their_id = theirs.json()["id"]
    await signed_in.patch(
        f"{H}/contacts/{their_id}", json={"name": "Чужой секрет 2"}, headers=other_org.auth
    )
    ours = await signed_in.post(f"{H}/contacts", json={"name": "Свой"}, headers=org.auth)
    our_id = ours.json()["id"]
    assert (await signed_in.get(f"/ui/contacts/{their_id}")).status_code == 404
    # Our page, even with a cursor past their events, shows ours alone.
    for url in (f"/ui/contacts/{our_id}", f"/ui/contacts/{our_id}?before=aWQ6OTk5OTk5"):
        page = await signed_in.get(url)
        assert page.status_code == 200
        assert "Чужой" not in page.text
        assert "Свой" in _history(page)
