"""Settings for integrators: the organization's request journal and fault rules, through the
control plane's own journal and rules, for administrators, only when the control plane is on."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser
from pydantic import SecretStr

from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.core.scope import Hub
from contacthub.core.users import User
from tests.conftest import serving
from tests.factories import Org, make_user
from tests.ui.support import PASSWORD, csrf_of, post_form, screenshot, sign_in, sign_in_page
from tests.ui.test_accessibility import _OVERFLOW as OVERFLOW
from tests.ui.test_accessibility import _UNNAMED as UNNAMED

H = "/api/hub/v1"
PAGE = "/ui/settings/integrations"


@pytest.fixture
async def control_browser(settings: Settings, hub: Hub) -> AsyncIterator[httpx.AsyncClient]:
    """A browser on an app with the control plane on (its own journal and rules)."""
    on = settings.model_copy(update={"admin_token": SecretStr("admin-token-of-the-ui-tests-0123")})
    transport = httpx.ASGITransport(app=create_app(on, hub=hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


@pytest.fixture
async def integrator(control_browser: httpx.AsyncClient, admin: User) -> httpx.AsyncClient:
    assert (await sign_in(control_browser, admin.email)).status_code == 303
    return control_browser


def _rows(page: httpx.Response, table: str) -> list[str]:
    found = re.search(rf'<table class="{table}">(.*?)</table>', page.text, re.S)
    return [] if found is None else re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)[1:]


async def test_the_journal_shows_the_organizations_requests_redacted(
    integrator: httpx.AsyncClient, org: Org, other_org: Org
) -> None:
    assert (await integrator.get(f"{H}/contacts", headers=org.auth)).status_code == 200
    missing = await integrator.get(f"{H}/contacts/987654", headers=org.auth)
    assert missing.status_code == 404
    await integrator.get(f"{H}/tags?q=theirs-secret", headers=other_org.auth)
    settings_page = await integrator.get("/ui/settings")
    assert f'href="{PAGE}"' in settings_page.text
    page = await integrator.get(PAGE)
    assert page.status_code == 200
    rows = _rows(page, "journal")
    assert len(rows) == 2
    assert "GET" in rows[0]
    assert f"{H}/contacts/987654" in rows[0]
    assert "404" in rows[0]
    assert f"{H}/contacts<" in rows[1]
    assert "200" in rows[1]
    assert org.token not in page.text
    assert org.token[:12] not in page.text
    assert "theirs-secret" not in page.text  # another organization's journal
    filtered = await integrator.get(PAGE, params={"status": "404", "method": "get"})
    assert len(_rows(filtered, "journal")) == 1
    assert len(_rows(await integrator.get(PAGE, params={"path": f"{H}/tags"}), "journal")) == 0
    assert (await integrator.get(PAGE, params={"status": "abc"})).status_code == 422


async def test_fault_rules_are_added_listed_and_removed(
    integrator: httpx.AsyncClient, org: Org, other_org: Org
) -> None:
    added = await post_form(
        integrator, PAGE, f"{PAGE}/faults",
        {"dialect": "native", "method": "GET", "path": f"{H}/tags", "status": "503"},
    )  # fmt: skip
    assert added.status_code == 303
    assert added.headers["location"] == PAGE
    assert (await integrator.get(f"{H}/tags", headers=org.auth)).status_code == 503
    # Only this organization's requests, only the rule's path.
    assert (await integrator.get(f"{H}/tags", headers=other_org.auth)).status_code == 200
    assert (await integrator.get(f"{H}/bases", headers=org.auth)).status_code == 200
    page = await integrator.get(PAGE)
    [fault_id] = re.findall(rf"{PAGE}/faults/(\d+)/delete", page.text)
    assert f"{H}/tags" in page.text
    assert "503" in page.text
    # The journal says which answer a fault gave.
    assert any("503" in row and "сбой" in row for row in _rows(page, "journal"))
    # The answer keeps the journal's filters the form was sent under, and nothing else.
    kept = await post_form(
        integrator, PAGE, f"{PAGE}/faults",
        {"path": "/x", "status": "500", "journal": "status=404&next=https://evil.test"},
    )  # fmt: skip
    assert kept.headers["location"] == f"{PAGE}?status=404"
    listed = await integrator.get(PAGE)
    [extra] = set(re.findall(rf"{PAGE}/faults/(\d+)/delete", listed.text)) - {fault_id}
    gone = await integrator.post(
        f"{PAGE}/faults/{extra}/delete", data={"csrf": csrf_of(listed), "journal": "method=GET"}
    )
    assert gone.headers["location"] == f"{PAGE}?method=GET"
    refused = await post_form(integrator, PAGE, f"{PAGE}/faults", {"status": "200"})
    assert refused.status_code == 422
    assert "400-599" in refused.text
    bad = await post_form(integrator, PAGE, f"{PAGE}/faults", {"status": "x"})
    assert bad.status_code == 422
    removed = await integrator.post(
        f"{PAGE}/faults/{fault_id}/delete", data={"csrf": csrf_of(page)}
    )
    assert removed.status_code == 303
    assert (await integrator.get(f"{H}/tags", headers=org.auth)).status_code == 200
    assert "/delete" not in (await integrator.get(PAGE)).text.split('id="faults"')[1]
    again = await integrator.post(f"{PAGE}/faults/{fault_id}/delete", data={"csrf": csrf_of(page)})
    assert again.status_code == 404


async def test_another_organizations_fault_is_not_found(
    integrator: httpx.AsyncClient, org: Org, other_org: Org, hub: Hub
) -> None:
    theirs = await make_user(other_org, "their-admin@example.com", PASSWORD, admin=True)
    transport = integrator._transport  # the same app: one journal and one set of rules
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as them:
        await sign_in(them, theirs.email)
        made = await post_form(them, PAGE, f"{PAGE}/faults", {"path": "/nowhere", "status": "500"})
        assert made.status_code == 303
        [their_fault] = re.findall(rf"{PAGE}/faults/(\d+)/delete", (await them.get(PAGE)).text)
    page = await integrator.get(PAGE)
    assert "/nowhere" not in page.text
    answer = await integrator.post(
        f"{PAGE}/faults/{their_fault}/delete", data={"csrf": csrf_of(page)}
    )
    nothing = await integrator.post(f"{PAGE}/faults/987654/delete", data={"csrf": csrf_of(page)})
    assert answer.status_code == nothing.status_code == 404


async def test_a_member_may_not_see_or_set_them(
    control_browser: httpx.AsyncClient, org: Org
) -> None:
    member = await make_user(org, "member@example.com", PASSWORD)
    await sign_in(control_browser, member.email)
    assert f'href="{PAGE}"' not in (await control_browser.get("/ui/settings")).text
    assert (await control_browser.get(PAGE)).status_code == 403
    form = await control_browser.get("/ui/settings")
    for url in (f"{PAGE}/faults", f"{PAGE}/faults/1/delete"):
        answer = await control_browser.post(url, data={"csrf": csrf_of(form), "status": "503"})
        assert answer.status_code == 403, url


async def test_without_the_control_plane_the_section_is_absent(
    signed_in: httpx.AsyncClient,
) -> None:
    page = await signed_in.get("/ui/settings")
    assert PAGE not in page.text
    assert (await signed_in.get(PAGE)).status_code == 404
    answer = await signed_in.post(f"{PAGE}/faults", data={"csrf": csrf_of(page), "status": "503"})
    assert answer.status_code == 404


async def test_the_page_is_accessible_in_chromium_at_a_laptops_and_a_phones_width(
    chromium: Browser, settings: Settings, org: Org, admin: User
) -> None:
    on = settings.model_copy(update={"admin_token": SecretStr("admin-token-of-the-ui-tests-0123")})
    with serving(create_app(on)) as url:
        async with httpx.AsyncClient(base_url=url) as api:
            await api.post(f"{H}/contacts", json={"name": "Иван"}, headers=org.auth)
            await api.get(f"{H}/contacts/987654", headers=org.auth)
            await api.get(f"{H}/contacts?q=" + "длинный-запрос" * 8, headers=org.auth)
        context = await chromium.new_context(locale="ru-RU", base_url=url)
        tab = await context.new_page()
        tab.set_default_timeout(10_000)
        await sign_in_page(tab, admin.email)
        await tab.goto(PAGE)
        await tab.get_by_label("Путь начинается с").last.fill(f"{H}/tags")
        await tab.get_by_label("Статус").last.fill("503")
        await tab.get_by_role("button", name="Добавить правило").click()
        await tab.wait_for_url(f"**{PAGE}")
        for width in (1280, 375):
            await tab.set_viewport_size({"width": width, "height": 800})
            await tab.goto(PAGE)
            assert await tab.evaluate(UNNAMED) == [], width
            assert await tab.evaluate(OVERFLOW) <= 0, width
        await tab.set_viewport_size({"width": 1280, "height": 800})
        await screenshot(tab, "integrations")
        await context.close()
