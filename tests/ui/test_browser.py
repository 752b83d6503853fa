"""The web interface in a real headless Chromium (Debian's, driven by Playwright), against a real
uvicorn: what a person does, end to end, and what the other APIs see of it afterwards.

One browser for the session; each test has its own context (cookies) and may reach the live
server alone (tests/ui/conftest.py). ``CONTACTHUB_UI_SCREENSHOTS=1`` keeps docs/ui/*.png.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from contacthub.core.users import User
from contacthub.ui.routes import imports
from tests.factories import Org, make_base, make_contact, make_list
from tests.ui.support import screenshot, sign_in_page

THOUSANDS = 3000


async def _import_many(client: httpx.AsyncClient, org: Org, count: int) -> None:
    """``count`` contacts through the native import (the quick way to thousands)."""
    rows = "".join(f"Клиент {n:05d},7900{n:07d},client{n}@example.com\n" for n in range(count))
    job = await client.post(
        "/api/hub/v1/imports",
        files={"file": ("many.csv", f"name,phone,email\n{rows}".encode(), "text/csv")},
        headers=org.auth,
    )
    assert job.status_code == 202, job.text
    for _ in range(600):
        state = (await client.get(job.headers["location"], headers=org.auth)).json()
        if state["status"] not in ("queued", "running"):
            break
        await asyncio.sleep(0.05)
    assert state["status"] == "done", state


async def test_sign_in_and_search_a_contact_among_thousands(
    tab: Page, client: httpx.AsyncClient, org: Org, admin: User
) -> None:
    await _import_many(client, org, THOUSANDS)
    await make_contact(org, "Зинаида Редкая", ["79161112233"], tags=["VIP"])
    await sign_in_page(tab, admin.email)
    rows = tab.locator("table.contacts tbody tr")
    await expect(rows).to_have_count(50)  # the first keyset page
    await screenshot(tab, "contacts")
    box = tab.get_by_label("Поиск")
    await box.press_sequentially("Редк", delay=30)
    # Search as one types: the table follows without a button, and the address keeps the query.
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Зинаида Редкая")
    await expect(rows.first).to_contain_text("+79161112233")
    assert "q=%D0%A0%D0%B5%D0%B4%D0%BA" in tab.url
    await box.fill("")
    await box.press_sequentially("client299@", delay=20)
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Клиент 00299")


async def test_open_a_contact_edit_a_field_and_see_it_through_obzvonilka(
    tab: Page, client: httpx.AsyncClient, org: Org, admin: User
) -> None:
    base = await make_base(org, "Обзвон март")
    contact = await make_contact(org, "Ольга Звонкая", ["79035551234"], base_id=base.id)
    await sign_in_page(tab, admin.email)
    await tab.get_by_label("Поиск").press_sequentially("Звонк", delay=20)
    await tab.get_by_role("link", name="Ольга Звонкая").click()
    await tab.wait_for_url(f"**/ui/contacts/{contact.id}")
    await expect(tab.locator("td.e164")).to_have_text("+79035551234")
    await screenshot(tab, "contact")
    await tab.get_by_label("Описание").fill("Перезвонить после обеда")
    await tab.get_by_role("button", name="Сохранить").click()
    await expect(tab.get_by_role("status")).to_have_text("Сохранено.")
    dialer = await client.get(
        f"/api/contact_bases/{base.id}/contacts/{contact.id}.json", params={"api_key": org.token}
    )
    assert dialer.status_code == 200, dialer.text
    assert dialer.json()["description"] == "Перезвонить после обеда"


async def test_block_a_number_and_see_it_blocked_in_plusofons_list(
    tab: Page, client: httpx.AsyncClient, org: Org, admin: User
) -> None:
    stop = await make_list(org, "Стоп-лист")
    await sign_in_page(tab, admin.email)
    await tab.get_by_role("link", name="Списки").click()
    await tab.get_by_role("link", name="Стоп-лист").click()
    await tab.get_by_label("Номер").fill("8 (903) 111-22-33")
    await tab.get_by_role("button", name="Добавить номер").click()
    await expect(tab.locator("span.phone")).to_have_text("+79031112233")
    await screenshot(tab, "list")
    await tab.get_by_role("link", name="Проверить номер").click()
    await tab.get_by_label("Номер").fill("+7 903 111 22 33")
    await tab.get_by_role("button", name="Проверить").click()
    await expect(tab.locator("#verdict")).to_have_class("blocked")
    plusofon = await client.get(
        f"/api/v1/contact-lists/{stop.id}",
        headers={**org.auth, "Client": "10553", "Accept": "application/json"},
    )
    assert plusofon.status_code == 200, plusofon.text
    assert "79031112233" in plusofon.text


async def test_create_and_revoke_a_token(
    tab: Page, client: httpx.AsyncClient, org: Org, admin: User
) -> None:
    await sign_in_page(tab, admin.email)
    await tab.get_by_role("link", name="Настройки").click()
    await tab.get_by_label("Метка").fill("Интеграция")
    await tab.get_by_role("button", name="Создать токен").click()
    secret = (await tab.locator("#new-token").inner_text()).strip()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert (await client.get("/api/hub/v1/organization", headers=bearer)).status_code == 200
    await screenshot(tab, "settings")
    tab.once("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    await tab.get_by_role("button", name="Отозвать Интеграция").click()
    await expect(tab.get_by_text("Отозван")).to_have_count(1)
    assert (await client.get("/api/hub/v1/organization", headers=bearer)).status_code == 401


async def test_an_import_with_its_progress_and_its_refused_rows(
    tab: Page, org: Org, admin: User, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Small batches: the job runs long enough to be watched (each batch is a step of the bar).
    monkeypatch.setattr(imports, "BATCH", 100)
    rows = "".join(f"Гость {n};8 917 {n:07d};{'VIP' if n % 2 else ''}\n" for n in range(3000))
    source = tmp_path / "гости.csv"
    source.write_bytes(f"ФИО;Телефон;Метка\n{rows}Плохой;12;\n".encode("cp1251"))
    await sign_in_page(tab, admin.email)
    await tab.get_by_role("link", name="Импорт").click()
    await tab.get_by_label("Файл CSV, XLSX или JSON Lines").set_input_files(source)
    await tab.get_by_role("button", name="Загрузить и проверить").click()
    await expect(tab.get_by_label("Кодировка")).to_have_value("cp1251")
    await expect(tab.get_by_label("Разделитель")).to_have_value(";")
    await expect(tab.get_by_label("ФИО")).to_have_value("name")
    await expect(tab.get_by_label("Метка")).to_have_value("skip")  # not a word it knows
    await tab.get_by_label("Метка").select_option("tags")
    await screenshot(tab, "import-preview")
    await tab.get_by_role("button", name="Начать импорт").click()
    await expect(tab.locator("progress")).to_be_visible()  # running: the bar follows the job
    await expect(tab.locator("#job-done")).to_be_visible(timeout=30_000)  # without a reload
    await expect(tab.locator('[data-count="created"]')).to_have_text(re.compile(r"^3\s000$"))
    await expect(tab.locator('[data-count="invalid"]')).to_have_text("1")
    await screenshot(tab, "import-done")
    async with tab.expect_download() as download_info:
        await tab.locator("#rejects").click()
    download = await download_info.value
    text = await asyncio.to_thread(Path(await download.path()).read_text, "utf-8-sig")
    assert "Плохой" in text
