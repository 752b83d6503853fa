"""Typed factories: build what a test needs through the core, in one line each."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from httpx import AsyncClient

from contacthub.core import (
    bases,
    bots,
    contacts,
    fields,
    lists,
    organizations,
    seed,
    tokens,
    users,
    vendor_ids,
)
from contacthub.core.contacts import Contact, ContactDraft, PhoneDraft
from contacthub.core.lists import ContactList, EntryDraft
from contacthub.core.scope import Hub

_sequence = itertools.count(1)


@dataclass(frozen=True)
class Org:
    """An organization and one of its API tokens."""

    id: int
    token: str
    hub: Hub

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def make_org(hub: Hub, name: str | None = None) -> Org:
    created = await organizations.create_organization(hub, name or f"Org {next(_sequence)}")
    return Org(id=created.organization.id, token=created.token.secret, hub=hub)


async def make_token(org: Org, label: str = "second") -> str:
    async with org.hub.writing(org.id) as s:
        return (await tokens.create_token(s, label=label)).secret


async def make_contact(
    org: Org,
    name: str = "Иван Иванов",
    phones: list[str] | None = None,
    *,
    tags: list[str] | None = None,
    fields: dict[str, str] | None = None,
    base_id: int | None = None,
    bot_id: int | None = None,
    external_code: str | None = None,
    email: str | None = None,
) -> Contact:
    draft = ContactDraft(
        name=name,
        phones=[PhoneDraft(number=p) for p in (phones if phones is not None else ["79991234567"])],
        tags=tags or [],
        fields=fields or {},
        base_id=base_id,
        bot_id=bot_id,
        external_code=external_code,
        email=email,
    )
    async with org.hub.writing(org.id) as s:
        return await contacts.create_contact(s, draft)


async def make_base(org: Org, name: str = "База 1", remark: str | None = None) -> bases.ContactBase:
    async with org.hub.writing(org.id) as s:
        return await bases.create_base(s, bases.BaseDraft(name=name, remark=remark))


async def make_bot(org: Org, name: str = "Bot") -> bots.Bot:
    async with org.hub.writing(org.id) as s:
        return await bots.create_bot(s, name)


async def make_list(
    org: Org,
    name: str = "Черный список 1",
    kind: str = "black",
    entries: dict[str, list[str]] | None = None,
) -> ContactList:
    drafts = [EntryDraft(name=n, phones=p) for n, p in (entries or {}).items()]
    async with org.hub.writing(org.id) as s:
        return await lists.create_list(s, name, kind, drafts)


async def make_user(
    org: Org,
    email: str | None = None,
    password: str = "correct horse battery",
    *,
    name: str = "Оператор",
    admin: bool = False,
    enabled: bool = True,
) -> users.User:
    draft = users.UserDraft(
        email=email or f"user{next(_sequence)}@example.com",
        password=password,
        name=name,
        is_admin=admin,
        account_enabled=enabled,
    )
    password_hash = await users.hash_draft_password(draft)
    assert password_hash is not None
    async with org.hub.writing(org.id) as s:
        return await users.create_user(s, draft, password_hash)


async def make_hot_reads(org: Org) -> list[tuple[str, dict[str, str]]]:
    """One GET of every hot-lane route (URL, headers) that succeeds, on data made for it."""
    base = await make_base(org, "Обзвон")
    contact = await make_contact(
        org,
        'Анна «Ёлка» \\ "Q"',
        ["8 (916) 123-45-67", "+7 903 000-11-22"],
        tags=["Горячий", "b", "a"],
        fields={"Город": "Тверь", "Z": ""},
        base_id=base.id,
    )
    async with org.hub.writing(org.id) as s:
        drafts = [lists.EntryDraft(name="Стоп", phones=["+79161234567"])]
        made = await lists.create_list(s, "Чёрный", "black", lists.clean_entries("RU", drafts))
        moved = await lists.create_list(
            s, "Перенесённый", "white", lists.clean_entries("RU", drafts)
        )
    # The same reads of records known by vendor ids (contacthub.core.vendor_ids).
    known_base = await make_base(org, "Перенесённая")
    await give_vendor_id(org, "base", known_base.id, "obzvonilka", "4217")
    known = await make_contact(
        org, "Известный", ["+7 903 000-22-33"], fields={"Город": "Омск"}, base_id=known_base.id
    )
    await give_vendor_id(org, "contact", known.id, "watbot", "118")
    await give_vendor_id(org, "contact", known.id, "obzvonilka", "900")
    await give_vendor_id(org, "list", moved.id, "plusofon", "15")
    async with org.hub.reading(org.id) as s:
        city = await fields.find_field(s, "Город")
    assert city is not None
    await give_vendor_id(org, "field", city.id, "watbot", "16497876867449")
    bearer = {"Authorization": f"Bearer {org.token}"}
    return [
        (f"/api/hub/v1/contacts/{contact.id}", bearer),
        (f"/api/hub/v1/contacts/{contact.uuid}", bearer),
        ("/api/hub/v1/phones/+79161234567", bearer),
        ("/api/hub/v1/phones/8%20916%20123-45-67", bearer),
        (f"/api/contact_bases/{base.id}/contacts/{contact.id}.json", {"X-API-KEY": org.token}),
        (f"/api/contact_bases/{base.id}/contacts/{contact.id}", {"X-API-KEY": org.token}),
        (f"/api/v1/getContactVariables?api_token={org.token}&contact_id={contact.id}", {}),
        (f"/api/v1/getContactVariables?contact_id={contact.id}", bearer),
        (f"/api/v1/contact-lists/{made.id}", {**bearer, "Client": "10553"}),
        (f"/api/v1/getContactVariables?api_token={org.token}&contact_id=118", {}),
        ("/api/v1/contact-lists/15", {**bearer, "Client": "10553"}),
        ("/api/contact_bases/4217/contacts/900.json", {"X-API-KEY": org.token}),
    ]


async def give_vendor_id(org: Org, kind: str, record_id: int, system: str, vendor_id: str) -> None:
    """Give a record the id another system knows it by (core.vendor_ids)."""
    async with org.hub.writing(org.id) as s:
        await vendor_ids.set_vendor_ids(s, kind, record_id, {system: vendor_id})


async def seed_org(org: Org, document: dict[str, Any]) -> None:
    """Apply a seed document (the control plane's form) to the organization."""
    async with org.hub.writing(org.id) as s:
        await seed.apply(s, seed.decode(json.dumps(document).encode()), [])


async def native_post(client: AsyncClient, org: Org, path: str, body: dict[str, Any]) -> Any:
    """POST to the native API (``path`` after /api/hub/v1) and the created record's JSON."""
    answer = await client.post(f"/api/hub/v1{path}", json=body, headers=org.auth)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def native_ids(client: AsyncClient, org: Org, path: str) -> dict[str, int]:
    """The hub ids of a native listing's records (``path`` after /api/hub/v1), by name."""
    answer = await client.get(f"/api/hub/v1{path}", headers=org.auth)
    return {item["name"]: item["id"] for item in answer.json()["items"]}
