"""Helpers for the web interface's tests: signing in, reading a page's CSRF token."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
from playwright.async_api import Page

PASSWORD = "correct horse battery"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Set to refresh the screenshots under docs/ui/ while the browser tests run.
SCREENSHOTS = os.environ.get("CONTACTHUB_UI_SCREENSHOTS") == "1"
DOCS_UI = Path(__file__).resolve().parents[2] / "docs" / "ui"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    assert found is not None, page.text[:500]
    return found.group(1)


async def sign_in(
    browser: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    """Sign in through the form as a browser does; answers the POST (a 303 when it worked)."""
    form = await browser.get("/ui/login")
    assert form.status_code == 200, form.text
    return await browser.post(
        "/ui/login",
        data={"email": email, "password": password, "csrf": csrf_of(form)},
    )


async def post_form(
    browser: httpx.AsyncClient, page_url: str, url: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """POST a form of the page at ``page_url`` with its CSRF token, as a browser does."""
    page = await browser.get(page_url)
    assert page.status_code == 200, page.text[:500]
    return await browser.post(url, data={**(data or {}), "csrf": csrf_of(page)})


async def screenshot(page: Page, name: str) -> None:
    """Keep the page as docs/ui/NAME.png when screenshots are asked for (README shows them)."""
    if SCREENSHOTS:
        DOCS_UI.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(DOCS_UI / f"{name}.png"), full_page=False)


async def sign_in_page(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form in the browser, as a person does."""
    await page.goto("/ui/login")
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Пароль").fill(password)
    await page.get_by_role("button", name="Войти").click()
    await page.wait_for_url("**/ui/contacts")
