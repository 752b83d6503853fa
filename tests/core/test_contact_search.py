"""``q``: words found in the name, e-mail, external code, a phone's digits or a field value,
whatever their case, order or ё, on an index (FTS5 trigrams on SQLite, pg_trgm on PostgreSQL)
with the meaning of the LIKE it replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from contacthub.core import contact_fields, contacts, fields
from contacthub.core.contacts import ContactFilter
from contacthub.core.pagination import encode_cursor
from contacthub.core.scope import Hub
from contacthub.errors import Invalid
from tests.bulk_support import import_file
from tests.factories import Org, make_contact


async def _found(hub: Hub, org: Org, text: str, **where: object) -> list[str | None]:
    async with hub.reading(org.id) as s:
        page = await contacts.list_contacts(s, ContactFilter(text=text, **where), limit=100)
    return [contact.name for contact in page.items]


@pytest.fixture
async def people(org: Org, other_org: Org) -> None:
    await make_contact(org, "Иван Петров", ["79990000001"], email="Ivan@Example.com")
    await make_contact(org, "Мария Иванова", ["79990000002"], external_code="CRM-100%")
    await make_contact(org, "Star*Power [x] 50_50?", ["79990000003"], tags=["VIP"])
    await make_contact(org, "Пётр Ёлкин", ["8 900 793 16 78"], fields={"Город": "Тверь"})
    gone = await make_contact(org, "Иван Удалённый", ["79990000004"])
    async with org.hub.writing(org.id) as s:
        await contacts.delete_contact(s, gone.id)
    await make_contact(other_org, "Иван Чужой", ["79990000005"])


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("иван", ["Иван Петров", "Мария Иванова"]),
        ("ИВАН", ["Иван Петров", "Мария Иванова"]),
        ("ван пе", ["Иван Петров"]),
        ("example.COM", ["Иван Петров"]),
        ("crm-100%", ["Мария Иванова"]),
        ("100%", ["Мария Иванова"]),
        ("tar*pow", ["Star*Power [x] 50_50?"]),
        ("[x]", ["Star*Power [x] 50_50?"]),
        ("50_50?", ["Star*Power [x] 50_50?"]),
        ("0_50", ["Star*Power [x] 50_50?"]),
        ("%", []),  # literal, not "anything"; and no word starts with it
        ("ив", ["Иван Петров", "Мария Иванова"]),  # two letters: words that start with them
        ("ва", []),  # not inside words (Иван): no index finds that (filters.finds_inside_words)
        ("и", ["Иван Петров", "Мария Иванова"]),  # one letter: "  и", on the index too
        ("ъ", []),
        ("т", ["Пётр Ёлкин"]),  # a field value's word ("Тверь")
        ("нет такого", []),
        ("петров иван", ["Иван Петров"]),  # any word order
        ("  иван   петров ", ["Иван Петров"]),
        ("ёлкин", ["Пётр Ёлкин"]),  # ё and е alike, both ways
        ("петр елкин", ["Пётр Ёлкин"]),
        ("7931678", ["Пётр Ёлкин"]),  # a fragment of a phone's digits
        ("+7 (900) 793-16-78", ["Пётр Ёлкин"]),  # the number as people write it
        ("793 16 78", ["Пётр Ёлкин"]),
        ("9990000002", ["Мария Иванова"]),
        ("тверь", ["Пётр Ёлкин"]),  # a custom field's value
        ("78 ёлк", ["Пётр Ёлкин"]),  # a number's digits and a name together
    ],
)
async def test_a_text_finds_what_it_contains_and_nothing_else(
    hub: Hub, org: Org, people: None, text: str, names: list[str]
) -> None:
    assert await _found(hub, org, text) == names


async def test_a_text_within_a_tag(hub: Hub, org: Org, people: None) -> None:
    assert await _found(hub, org, "power", tag="VIP") == ["Star*Power [x] 50_50?"]
    assert await _found(hub, org, "иван", tag="VIP") == []


async def test_a_text_is_counted_and_paged_alike(hub: Hub, org: Org, people: None) -> None:
    async with hub.reading(org.id) as s:
        assert await contacts.count_contacts(s, ContactFilter(text="иван")) == 2
        first = await contacts.list_contacts(s, ContactFilter(text="иван"), limit=1)
        second = await contacts.list_contacts(
            s, ContactFilter(text="иван"), limit=1, cursor=first.next_cursor
        )
    assert [c.name for c in first.items + second.items] == ["Иван Петров", "Мария Иванова"]
    assert second.next_cursor is None


async def test_a_renamed_contact_is_found_by_its_new_name(hub: Hub, org: Org, people: None) -> None:
    async with hub.writing(org.id) as s:
        (ivan,) = (await contacts.list_contacts(s, ContactFilter(text="петров"))).items
        await contacts.update_contact(s, ivan.id, contacts.ContactDraft(name="Иван Сидоров"))
    assert await _found(hub, org, "петров") == []
    assert await _found(hub, org, "сидоров") == ["Иван Сидоров"]


async def test_what_changes_a_contact_changes_what_finds_it(
    hub: Hub, org: Org, people: None
) -> None:
    async with hub.writing(org.id) as s:
        (petr,) = (await contacts.list_contacts(s, ContactFilter(text="ёлкин"))).items
        await contacts.update_contact(
            s, petr.id, contacts.ContactDraft(phones=[contacts.PhoneDraft(number="+79161112233")])
        )
        await contact_fields.set_contact_value(s, petr.id, "Кимры", name="Город")
        await contact_fields.set_contact_value(s, petr.id, "синий", name="Цвет")
    assert await _found(hub, org, "7931678") == []
    assert await _found(hub, org, "1112233") == ["Пётр Ёлкин"]
    assert await _found(hub, org, "тверь") == []
    assert await _found(hub, org, "кимры") == ["Пётр Ёлкин"]
    async with hub.writing(org.id) as s:
        await contact_fields.delete_contact_value(s, petr.id, name="Город")
        await fields.delete_field(s, (await fields.find_field(s, "Цвет")).id)  # type: ignore[union-attr]
    assert await _found(hub, org, "кимры") == []
    assert await _found(hub, org, "синий") == []
    assert await _found(hub, org, "пётр ёлкин") == ["Пётр Ёлкин"]


async def test_an_import_that_changes_a_contact_changes_what_finds_it(
    hub: Hub, org: Org, people: None, tmp_path: Path
) -> None:
    source = tmp_path / "more.csv"
    source.write_text(
        "name,phone,Город\nПётр Ёлкин,+79007931678,Углич\nНовый Человек,+79035550011,Ржев\n"
    )
    job = await import_file(hub, org.id, source, dedupe="phone", unmapped_as_fields=True)
    assert (job.created, job.updated) == (1, 1)
    assert await _found(hub, org, "углич") == ["Пётр Ёлкин"]
    assert await _found(hub, org, "ржев 5550011") == ["Новый Человек"]


async def _names_by_pages(hub: Hub, org: Org, text: str, limit: int) -> list[str | None]:
    names: list[str | None] = []
    cursor = None
    async with hub.reading(org.id) as s:
        while True:
            page = await contacts.list_contacts(
                s, ContactFilter(text=text), limit=limit, cursor=cursor
            )
            names += [contact.name for contact in page.items]
            if page.next_cursor is None:
                return names
            cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 2, 3, 50])
async def test_word_starts_come_first_then_the_rest_each_by_id(
    hub: Hub, org: Org, limit: int
) -> None:
    for name in ["Сергей Иванов", "Ванесса Мэй", "Иван Грозный", "Андрей Вань", "Прохор"]:
        await make_contact(org, name, [])
    expected = ["Ванесса Мэй", "Андрей Вань", "Сергей Иванов", "Иван Грозный"]
    assert await _names_by_pages(hub, org, "ван", limit) == expected
    # Two letters: the words that start with them only.
    assert await _names_by_pages(hub, org, "ва", limit) == expected[:2]
    # The longest word ranks; the others only filter.
    assert await _names_by_pages(hub, org, "ей иванов", limit) == ["Сергей Иванов"]


async def test_a_search_cursor_is_checked(hub: Hub, org: Org) -> None:
    async with hub.reading(org.id) as s:
        with pytest.raises(Invalid):
            await contacts.list_contacts(
                s, ContactFilter(text="иван"), cursor=encode_cursor(2 * 10**17 + 5)
            )
