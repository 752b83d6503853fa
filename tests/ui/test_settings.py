"""Settings: API tokens (shown once, listed, revoked), users, the organization's name."""

from __future__ import annotations

import re

import httpx

from tests.factories import Org, make_user
from tests.ui.support import PASSWORD, csrf_of, post_form, sign_in


async def test_a_token_is_shown_once_works_and_is_revoked(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    made = await post_form(signed_in, "/ui/settings", "/ui/settings/tokens", {"label": "CRM"})
    assert made.status_code == 201
    found = re.search(r'id="new-token">(chk_[^<]+)<', made.text)
    assert found is not None
    secret = found.group(1)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert (await signed_in.get("/api/hub/v1/organization", headers=bearer)).status_code == 200
    page = await signed_in.get("/ui/settings")
    assert secret not in page.text  # never again
    assert secret[:12] in page.text
    assert "CRM" in page.text
    token_id = re.findall(r"/ui/settings/tokens/(\d+)/revoke", page.text)[-1]
    revoked = await signed_in.post(
        f"/ui/settings/tokens/{token_id}/revoke", data={"csrf": csrf_of(page)}
    )
    assert revoked.status_code == 303
    assert (await signed_in.get("/api/hub/v1/organization", headers=bearer)).status_code == 401


async def test_users_are_added_and_sign_in(
    signed_in: httpx.AsyncClient, app: object, org: Org
) -> None:
    added = await post_form(
        signed_in, "/ui/settings", "/ui/settings/users",
        {"email": "new@example.com", "name": "Новичок", "password": PASSWORD},
    )  # fmt: skip
    assert added.status_code == 303
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as other:
        assert (await sign_in(other, "new@example.com")).status_code == 303
    short = await post_form(
        signed_in, "/ui/settings", "/ui/settings/users",
        {"email": "short@example.com", "password": "123"},
    )  # fmt: skip
    assert short.status_code == 422


async def test_the_organization_is_renamed(signed_in: httpx.AsyncClient, org: Org) -> None:
    answer = await post_form(
        signed_in, "/ui/settings", "/ui/settings/organization", {"name": "Рога и копыта"}
    )
    assert answer.status_code == 303
    seen = await signed_in.get("/api/hub/v1/organization", headers=org.auth)
    assert seen.json()["name"] == "Рога и копыта"


async def test_a_member_sees_no_tokens_and_may_not_make_them(
    browser: httpx.AsyncClient, org: Org
) -> None:
    member = await make_user(org, "member@example.com", PASSWORD)
    await sign_in(browser, member.email)
    page = await browser.get("/ui/settings")
    assert page.status_code == 200
    assert org.token[:12] not in page.text
    for url, form in (
        ("/ui/settings/tokens", {"label": "x"}),
        ("/ui/settings/users", {"email": "x@example.com", "password": PASSWORD}),
        ("/ui/settings/organization", {"name": "Захвачено"}),
        (f"/ui/settings/users/{member.id}", {"role": "admin"}),
    ):
        answer = await post_form(browser, "/ui/settings", url, form)
        assert answer.status_code == 403, url


async def test_an_admin_changes_a_users_role_and_turns_their_account_off_and_on(
    signed_in: httpx.AsyncClient, app: object, org: Org
) -> None:
    member = await make_user(org, "member@example.com", PASSWORD)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as them:
        assert (await sign_in(them, member.email)).status_code == 303
        assert 'action="/ui/settings/tokens"' not in (await them.get("/ui/settings")).text
        promoted = await post_form(
            signed_in, "/ui/settings", f"/ui/settings/users/{member.id}", {"role": "admin"}
        )
        assert promoted.status_code == 303
        # The role is read at each request: their next page is an administrator's.
        assert 'action="/ui/settings/tokens"' in (await them.get("/ui/settings")).text
        await post_form(
            signed_in, "/ui/settings", f"/ui/settings/users/{member.id}", {"role": "member"}
        )
        made = await post_form(them, "/ui/settings", "/ui/settings/tokens", {"label": "x"})
        assert made.status_code == 403
        disabled = await post_form(
            signed_in, "/ui/settings", f"/ui/settings/users/{member.id}", {"enabled": "no"}
        )
        assert disabled.status_code == 303
        page = await signed_in.get("/ui/settings")
        assert "отключён" in page.text
        # Their session stops at once, and they cannot sign in again.
        gone = await them.get("/ui/contacts")
        assert gone.status_code == 303
        assert gone.headers["location"].startswith("/ui/login")
        assert (await sign_in(them, member.email)).status_code != 303
        enabled = await post_form(
            signed_in, "/ui/settings", f"/ui/settings/users/{member.id}", {"enabled": "yes"}
        )
        assert enabled.status_code == 303
        assert (await sign_in(them, member.email)).status_code == 303


async def test_an_admin_may_not_change_themselves_and_bad_values_are_refused(
    signed_in: httpx.AsyncClient, admin: object, org: Org
) -> None:
    own_id = admin.id
    for form in ({"role": "member"}, {"enabled": "no"}):
        answer = await post_form(signed_in, "/ui/settings", f"/ui/settings/users/{own_id}", form)
        assert answer.status_code == 409
    other = await make_user(org, "other@example.com", PASSWORD)
    for form in ({"role": "owner"}, {"enabled": "maybe"}):
        answer = await post_form(signed_in, "/ui/settings", f"/ui/settings/users/{other.id}", form)
        assert answer.status_code == 422
    missing = await post_form(
        signed_in, "/ui/settings", "/ui/settings/users/987654", {"role": "admin"}
    )
    assert missing.status_code == 404
    # Still an administrator, still enabled.
    assert (await signed_in.get("/ui/settings/users/x")).status_code in (404, 405)
    page = await signed_in.get("/ui/settings")
    assert 'action="/ui/settings/tokens"' in page.text
