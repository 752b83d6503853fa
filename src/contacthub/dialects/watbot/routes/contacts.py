"""getContacts (numbered pages of contacts) and createOrUpdateContact."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from litestar import Response, route

from contacthub.core import bots, contacts
from contacthub.core.contacts import ContactFilter
from contacthub.core.phones import normalize_phone, try_normalize_phone
from contacthub.dialects.http import AnyRequest, HubDep, public_base_url
from contacthub.dialects.watbot import ids, mapping
from contacthub.dialects.watbot import schemas as wire
from contacthub.dialects.watbot.auth import CallDep
from contacthub.dialects.watbot.routes import ANY_METHOD
from contacthub.dialects.watbot.rules import Rules, attribute
from contacthub.dialects.watbot.upsert import IDENTITY, MESSENGERS, ContactInput, create_or_update
from contacthub.errors import Invalid

DEFAULT_COUNT = 15  # Laravel's page size when none is asked for
MAX_COUNT = 500
MAX_PAGE = 10**9
MAX_UNIX_TIME = 253_402_300_799  # 9999-12-31T23:59:59Z
FILTERS = ("telegram_id", "phone", "viber_id", "vk_id")
# What ``with=`` may name (Leadteh's clients send ``with=tags,variables``). Every contact carries
# both whatever is asked: ``with`` is checked and kept in the page links, and changes nothing.
RELATIONS = ("tags", "variables")
_BAD_FORMAT = "Значение поля {} имеет ошибочный формат."


def _moment(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _filters(rules: Rules, region: str) -> dict[str, str]:
    """``filters[telegram_id]=...`` and its siblings, checked."""
    given = rules.mapping("filters")
    inner = Rules({f"filters.{key}": value for key, value in given.items()})
    chosen: dict[str, str] = {}
    for key in given:
        if key not in FILTERS:
            inner.fail(f"filters.{key}", f"Фильтр {key} не поддерживается.")
            continue
        text = inner.text(f"filters.{key}", required=True)
        if key == "phone" and text is not None and try_normalize_phone(text, region) is None:
            inner.fail("filters.phone", _BAD_FORMAT.format(attribute("filters.phone")))
        elif text is not None:
            chosen[key] = text
    rules.errors.update(inner.errors)
    return chosen


def _relations(rules: Rules) -> list[str]:
    """``with=tags,variables`` (or ``with[]=tags&with[]=variables``), checked."""
    sent = rules.params.get("with")
    inner = Rules({"with": sent.split(",") if isinstance(sent, str) else sent})
    chosen: list[str] = []
    for name in inner.strings("with", max_length=64) or []:
        if name not in RELATIONS:
            inner.fail("with", f"Связь {name} не поддерживается.")
        elif name not in chosen:
            chosen.append(name)
    rules.errors.update(inner.errors)
    return chosen


@route("/getContacts", http_method=ANY_METHOD, status_code=200)
async def get_contacts(request: AnyRequest, hub: HubDep, call: CallDep) -> wire.ContactPage:
    """Contacts by id with their tags and variables, ``count`` (at most 500) a page; filters
    ``bot_id``, ``date_from``/``date_to`` (Unix seconds, creation time) and ``filters[...]``."""
    rules = Rules(call.params)
    page = rules.integer("page", minimum=1, maximum=MAX_PAGE) or 1
    count = rules.integer("count", minimum=1, maximum=MAX_COUNT) or DEFAULT_COUNT
    bot_id = rules.integer("bot_id")
    date_from = rules.integer("date_from", minimum=0, maximum=MAX_UNIX_TIME)
    date_to = rules.integer("date_to", minimum=0, maximum=MAX_UNIX_TIME)
    filters = _filters(rules, hub.env.region)
    relations = _relations(rules)
    rules.check()
    async with hub.reading(call.org_id) as s:
        named = [] if bot_id is None else [("bot", bot_id)]
        refs, kinds = await ids.resolve(s, named, probe=("bot",))
        if refs:
            await bots.get_bot(s, refs[0])
        where = msgspec.structs.replace(
            ContactFilter(
                bot_id=refs[0] if refs else None,
                created_from=_moment(date_from),
                created_to=_moment(date_to),
            ),
            **filters,
        )
        total = await contacts.count_contacts(s, where)
        found = await contacts.list_contacts_numbered(
            s, where, page=page, per_page=count, total=total, with_tags=True, with_fields=True
        )
        known = await ids.known(s, kinds, {"bot": [contact.bot_id for contact in found]})
    kept: dict[str, Any] = {"count": count}
    kept.update(
        (key, value)
        for key, value in (("bot_id", bot_id), ("date_from", date_from), ("date_to", date_to))
        if value is not None
    )
    kept.update((f"filters[{key}]", value) for key, value in filters.items())
    if relations:
        kept["with"] = ",".join(relations)
    return mapping.contact_page(
        found,
        total=total,
        page=page,
        per_page=count,
        path=public_base_url(request) + request.url.path.lstrip("/"),
        kept={key: str(value) for key, value in kept.items()},
        bots=known.get("bot", {}),
    )


def _contact_input(rules: Rules, region: str) -> ContactInput:
    bot_id = rules.integer("bot_id", required=True)
    messenger = rules.choice("messenger", MESSENGERS, required=True)
    name = rules.text("name", required=True, max_length=500)
    sent: dict[str, Any] = {
        "phone": rules.text("phone", max_length=64),
        "telegram_id": rules.text("telegram_id", max_length=64),
        "telegram_username": rules.text("telegram_username"),
        "viber_id": rules.text("viber_id"),
        "vk_id": rules.text("vk_id", max_length=64),
        "email": rules.email("email"),
        "address": rules.text("address", max_length=10_000),
    }
    utm = {key: rules.text(key, max_length=500) for key in mapping.UTM_KEYS}
    tags = rules.strings("tags") or []
    if messenger is not None:
        rules.required_if(IDENTITY[messenger], "messenger", messenger, when=True)
    if sent["phone"] is not None:
        try:
            sent["phone_e164"] = normalize_phone(sent["phone"], region)
        except Invalid:
            rules.fail("phone", _BAD_FORMAT.format("phone"))
    rules.check()
    assert bot_id is not None
    assert messenger is not None
    assert name is not None
    return ContactInput(
        bot_id=bot_id,
        messenger=messenger,
        name=name,
        utm={key: value for key, value in utm.items() if value is not None},
        tags=tags,
        **sent,
    )


@route("/createOrUpdateContact", http_method=ANY_METHOD, status_code=200)
async def create_or_update_contact(hub: HubDep, call: CallDep) -> Response[wire.ContactData]:
    """Find the bot's contact by its messenger id (WhatsApp: phone) and update it, or create it
    (201); ``tags[]`` are added to its tags."""
    sent = _contact_input(Rules(call.params), hub.env.region)
    async with hub.writing(call.principal) as s:
        contact, created, bot_ids = await create_or_update(s, sent)
    body = wire.ContactData(data=mapping.contact_out(contact, bot_ids))
    return Response(body, status_code=201 if created else 200)
