"""ContactFilter by messenger ids: Telegram, Viber and VK (how chat platforms find a contact)."""

from __future__ import annotations

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, ContactFilter
from contacthub.core.scope import Hub
from tests.factories import Org


async def _create(org: Org, **ids: str) -> int:
    async with org.hub.writing(org.id) as s:
        return (await contacts.create_contact(s, ContactDraft(name="x", **ids))).id


async def _ids(org: Org, where: ContactFilter) -> list[int]:
    async with org.hub.reading(org.id) as s:
        page = await contacts.list_contacts(s, where)
    return [contact.id for contact in page.items]


async def test_filters_by_each_messenger_id(hub: Hub, org: Org, other_org: Org) -> None:
    telegram = await _create(org, telegram_id="111")
    viber = await _create(org, viber_id="v-1")
    vk = await _create(org, vk_id="222")
    await _create(other_org, viber_id="v-1", vk_id="222")

    assert await _ids(org, ContactFilter(telegram_id="111")) == [telegram]
    assert await _ids(org, ContactFilter(viber_id="v-1")) == [viber]
    assert await _ids(org, ContactFilter(vk_id="222")) == [vk]
    assert await _ids(org, ContactFilter(vk_id="111")) == []
    async with org.hub.reading(org.id) as s:
        assert await contacts.count_contacts(s, ContactFilter(viber_id="v-1")) == 1
