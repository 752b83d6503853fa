"""createOrUpdateContact: find a bot's contact by its messenger identity, change it or create it.

    whatsapp -> phone      telegram -> telegram_id      viber -> viber_id      vk -> vk_id

A found contact gets the fields that were sent (a phone it does not have yet becomes its first
phone) and the new tags are added to the ones it has; otherwise a contact is created. One unit
of work does it all.
"""

from __future__ import annotations

import msgspec

from contacthub.core import bots, contacts
from contacthub.core.contacts import Contact, ContactDraft, ContactFilter, PhoneDraft
from contacthub.core.scope import Scope
from contacthub.dialects.watbot import ids
from contacthub.errors import Invalid, NotFound

MESSENGERS = ("whatsapp", "telegram", "viber", "vk")
# Which parameter identifies a contact of each messenger.
IDENTITY = {"whatsapp": "phone", "telegram": "telegram_id", "viber": "viber_id", "vk": "vk_id"}


class ContactInput(msgspec.Struct, kw_only=True):
    """What the request sent; ``None`` is "not sent"."""

    bot_id: int
    messenger: str
    name: str
    phone: str | None = None
    phone_e164: str | None = None  # the phone's normalized form, checked by the caller
    telegram_id: str | None = None
    telegram_username: str | None = None
    viber_id: str | None = None
    vk_id: str | None = None
    email: str | None = None
    address: str | None = None
    utm: dict[str, str] = msgspec.field(default_factory=dict)
    tags: list[str] = msgspec.field(default_factory=list)


def identity_filter(sent: ContactInput) -> ContactFilter:
    key = IDENTITY[sent.messenger]
    value = sent.phone_e164 if key == "phone" else getattr(sent, key)
    return msgspec.structs.replace(ContactFilter(bot_id=sent.bot_id), **{key: value})


def draft_of(sent: ContactInput) -> ContactDraft:
    """The fields that were sent; the others stay ``UNSET`` (an update leaves them alone)."""
    draft = ContactDraft(bot_id=sent.bot_id, messenger=sent.messenger, name=sent.name)
    for key in ("telegram_id", "telegram_username", "viber_id", "vk_id", "email", "address"):
        value = getattr(sent, key)
        if value is not None:
            setattr(draft, key, value)
    for key, value in sent.utm.items():
        setattr(draft, key, value)
    return draft


async def create_or_update(s: Scope, sent: ContactInput) -> tuple[Contact, bool, dict[int, str]]:
    """The contact as it now is, whether it was created, and its bot's Watbot id (if it has one)
    by the bot's hub id. ``bot_id`` is a Watbot id (contacthub.dialects.watbot.ids)."""
    try:
        (bot_id,), kinds = await ids.resolve(s, [("bot", sent.bot_id)], probe=("bot",))
        await bots.get_bot(s, bot_id)
    except NotFound:
        raise Invalid.field("bot_id", "Выбранное значение для bot id некорректно.") from None
    known = (await ids.known(s, kinds, {"bot": [bot_id]})).get("bot", {})
    sent = msgspec.structs.replace(sent, bot_id=bot_id)
    contact, created = await _create_or_update(s, sent)
    return contact, created, known


async def _create_or_update(s: Scope, sent: ContactInput) -> tuple[Contact, bool]:
    draft = draft_of(sent)
    identity = identity_filter(sent)
    # Two calls for one new identity at once would both find nothing and create two contacts:
    # the second waits here until the first has committed, then finds its contact.
    key = IDENTITY[sent.messenger]
    await s.conn.serialize(f"watbot-upsert:{s.org_id}:{sent.bot_id}:{key}:{getattr(identity, key)}")
    found = await contacts.list_contacts(s, identity, limit=1)
    if found.items:
        # Read again by id: that locks the row, so tags attached meanwhile are not lost.
        current = await contacts.get_contact(s, found.items[0].id, with_tags=True)
        known = {phone.e164 for phone in current.phones}
        if sent.phone is not None and sent.phone_e164 not in known:
            draft.phone_slots = {0: PhoneDraft(number=sent.phone)}
        if sent.tags:
            draft.tags = [*(current.tags or []), *sent.tags]
        return await contacts.update_contact(s, current.id, draft), False
    if sent.phone is not None:
        draft.phones = [PhoneDraft(number=sent.phone)]
    draft.tags = sent.tags
    return await contacts.create_contact(s, draft), True
