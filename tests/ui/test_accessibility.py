"""Accessibility: the colours' contrast (WCAG 2.1 AA, 4.5:1 for text), and in a real Chromium
every form control has a name, the keyboard reaches the page, and a phone's width needs no
sideways scrolling."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Page, expect

from contacthub import ui
from contacthub.core.users import User
from tests.factories import Org, make_contact, make_list
from tests.ui.support import screenshot, sign_in_page

CSS = Path(ui.__file__).parent / "static" / "ui.css"
# (text, background) pairs the stylesheet puts together.
PAIRS = [
    ("ink", "paper"), ("muted", "paper"), ("accent", "paper"), ("accent-ink", "accent"),
    ("danger", "paper"), ("ok", "paper"), ("ink", "soft"), ("muted", "soft"),
    ("accent", "soft"), ("accent-ink", "danger"),
]  # fmt: skip
PAGES = [
    "/ui/contacts", "/ui/contacts/new", "/ui/lists", "/ui/phones?number=79160000001",
    "/ui/tags", "/ui/bases", "/ui/bots", "/ui/fields", "/ui/imports", "/ui/settings",
]  # fmt: skip


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_colours_have_aa_contrast() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", CSS.read_text()))
    for text, background in PAIRS:
        light, dark = sorted((_luminance(colours[text]), _luminance(colours[background])))
        ratio = (dark + 0.05) / (light + 0.05)
        assert ratio >= 4.5, (text, background, round(ratio, 2))


_CONTROLS = "input:not([type=hidden]), select, textarea, button"
_UNNAMED = f"""() => [...document.querySelectorAll('{_CONTROLS}')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                    && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 120))"""
_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


async def test_every_control_is_named_and_a_phone_needs_no_sideways_scroll(
    tab: Page, org: Org, admin: User
) -> None:
    await make_contact(org, "Очень Длинное Имя Контакта Для Узкого Экрана", ["79160000001"],
                       tags=["VIP", "Горячий"], fields={"Город": "Москва"})  # fmt: skip
    await make_list(org, "Стоп-лист", entries={"x": ["79160000001"]})
    await sign_in_page(tab, admin.email)
    contact = tab.get_by_role("link", name="Очень Длинное Имя Контакта Для Узкого Экрана")
    pages = [*PAGES, await contact.get_attribute("href") or ""]
    for width in (1280, 375):
        await tab.set_viewport_size({"width": width, "height": 800})
        for url in pages:
            await tab.goto(url)
            assert await tab.evaluate(_UNNAMED) == [], url
            assert await tab.evaluate(_OVERFLOW) <= 0, (url, width)
    await tab.goto("/ui/contacts")
    await screenshot(tab, "contacts-phone")


async def test_the_keyboard_reaches_the_search_and_skips_the_menu(
    tab: Page, org: Org, admin: User
) -> None:
    await sign_in_page(tab, admin.email)
    await tab.keyboard.press("Tab")
    skip = tab.get_by_role("link", name="К содержимому")
    await expect(skip).to_be_focused()
    await tab.keyboard.press("Enter")
    await expect(tab.locator("main")).to_be_focused()
    await tab.keyboard.press("Tab")  # the first control of the page
    await tab.keyboard.press("Tab")
    await expect(tab.get_by_label("Поиск")).to_be_focused()
