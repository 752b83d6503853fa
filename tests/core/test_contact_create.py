"""What create_contact answers is the contact as stored: the same as reading it back."""

from __future__ import annotations

from datetime import UTC, datetime

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, PhoneDraft
from tests.factories import Org


async def _created_and_read(org: Org, draft: ContactDraft) -> tuple[contacts.Contact, ...]:
    async with org.hub.writing(org.id) as s:
        created = await contacts.create_contact(s, draft, strict_phones=False)
    async with org.hub.reading(org.id) as s:
        read = await contacts.get_contact(s, created.id, with_tags=True, with_fields=True)
    return created, read


async def test_a_contact_without_tags_or_fields_is_answered_as_it_is_read_back(org: Org) -> None:
    draft = ContactDraft(
        name="  Анна  ",
        email="Anna@Example.com",
        telegram_id="12345",
        utm_source="",
        # Slots out of order, one cleared, beside nothing else: read back by position.
        phone_slots={
            4: PhoneDraft(number=" 8 (926) 123-45-67 ", remark="рабочий"),
            0: PhoneDraft(number="+7 999 000 11 22"),
            2: None,
        },
    )
    created, read = await _created_and_read(org, draft)
    assert created == read
    assert [p.position for p in created.phones] == [0, 4]
    assert created.tags == []
    assert created.fields == {}
    assert created.created_at == created.updated_at
    assert abs(created.created_at - datetime.now(UTC)).total_seconds() < 60


async def test_a_contact_with_phones_tags_and_fields_is_answered_as_it_is_read_back(
    org: Org,
) -> None:
    draft = ContactDraft(
        name="Борис",
        phones=[PhoneDraft(number="89261234567"), PhoneDraft(number="79990001122", remark="x")],
        tags=["b", "a", "b"],
        fields={"Город": "Москва"},
    )
    created, read = await _created_and_read(org, draft)
    assert created == read
    assert created.tags == ["a", "b"]
    assert created.fields == {"Город": "Москва"}
