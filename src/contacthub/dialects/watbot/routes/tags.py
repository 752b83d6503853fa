"""getContactTags, getBotTags, attachTagToContact, detachTagFromContact: tags as plain names."""

from __future__ import annotations

from litestar import route

from contacthub.core import bots, contact_tags, tags
from contacthub.core.tags import MAX_TAG_LENGTH
from contacthub.dialects.http import HubDep
from contacthub.dialects.watbot import ids, mapping
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import CallDep
from contacthub.dialects.watbot.routes import ANY_METHOD
from contacthub.dialects.watbot.rules import Rules


def _contact_and_tag(rules: Rules) -> tuple[int, str | None, int | None]:
    """``contact_id`` and the tag, by ``tag_id`` or by ``name``."""
    contact_id = rules.integer("contact_id", required=True)
    rules.require_one("name", "tag_id")
    name = rules.text("name", max_length=MAX_TAG_LENGTH)
    tag_id = rules.integer("tag_id")
    rules.check()
    assert contact_id is not None
    return contact_id, name, tag_id


@route("/getContactTags", http_method=ANY_METHOD, status_code=200)
async def get_contact_tags(hub: HubDep, call: CallDep) -> wire.TagNames:
    """The names of a contact's tags (``contact_id``)."""
    rules = Rules(call.params)
    contact_id = rules.integer("contact_id", required=True)
    rules.check()
    assert contact_id is not None
    async with hub.reading(call.org_id) as s:
        (contact_ref,), _ = await ids.resolve(s, [("contact", contact_id)])
        found = await contact_tags.contact_tags(s, contact_ref)
    return mapping.tag_names(found)


@route("/getBotTags", http_method=ANY_METHOD, status_code=200)
async def get_bot_tags(hub: HubDep, call: CallDep) -> wire.TagNames:
    """The names of the tags a bot's contacts carry (``bot_id``)."""
    rules = Rules(call.params)
    bot_id = rules.integer("bot_id", required=True)
    rules.check()
    assert bot_id is not None
    async with hub.reading(call.org_id) as s:
        (bot_ref,), _ = await ids.resolve(s, [("bot", bot_id)])
        await bots.get_bot(s, bot_ref)
        found = await tags.list_tags(s, bot_id=bot_ref)
    return mapping.tag_names(found)


@route("/attachTagToContact", http_method=ANY_METHOD, status_code=200)
async def attach_tag_to_contact(hub: HubDep, call: CallDep) -> wire.TagNames:
    """Put a tag (``name``, created when new, or ``tag_id``) on a contact; answers its tags."""
    contact_id, name, tag_id = _contact_and_tag(Rules(call.params))
    async with hub.writing(call.principal) as s:
        (contact_ref,), _ = await ids.resolve(s, [("contact", contact_id)])
        found = await contact_tags.tag_contact(s, contact_ref, name=name, tag_id=tag_id)
    return mapping.tag_names(found)


@route("/detachTagFromContact", http_method=ANY_METHOD, status_code=200)
async def detach_tag_from_contact(hub: HubDep, call: CallDep) -> wire.TagNames:
    """Take a tag (``name`` or ``tag_id``) off a contact; answers the tags it keeps."""
    contact_id, name, tag_id = _contact_and_tag(Rules(call.params))
    async with hub.writing(call.principal) as s:
        (contact_ref,), _ = await ids.resolve(s, [("contact", contact_id)])
        found = await contact_tags.untag_contact(s, contact_ref, name=name, tag_id=tag_id)
    return mapping.tag_names(found)
