"""Seed documents: an organization's starting data in one JSON or YAML document.

    document ──decode (JSON / YAML, shape checked)──> SeedDocument
             ──hash the users' passwords (before the unit of work: argon2 is slow)
             ──apply, in one unit of work: bots, bases, fields, tags, contacts, lists, users

Records refer to each other by name, as a person writes them (a contact's ``base``, ``bot``,
``tags`` and ``fields``); a name the document does not define may name a record the
organization already has. Phones are taken as written and parsed as the API parses them. The
same document is accepted by ``POST /_contacthub/orgs/{id}/seed`` and ``contacthub seed``;
``SEED_SCHEMA`` is its JSON Schema (served at ``/_contacthub/seed.schema.json``).
"""

from __future__ import annotations

from typing import Any

import msgspec

from contacthub.core import bases, bots, fields, lists, tags, users, vendor_ids
from contacthub.core.contacts import ContactDraft, PhoneDraft, create_contact
from contacthub.core.list_entries import EntryDraft
from contacthub.core.scope import Scope
from contacthub.errors import Invalid

VendorIds = dict[str, int | str]
MAX_SEED_BYTES = 16 * 1024 * 1024


class _Doc(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class SeedBot(_Doc, kw_only=True):
    name: str
    vendor_ids: VendorIds = {}


class SeedBase(_Doc, kw_only=True):
    name: str
    remark: str | None = None
    vendor_ids: VendorIds = {}


class SeedField(_Doc, kw_only=True):
    name: str


class SeedContact(_Doc, kw_only=True):
    name: str | None = None
    email: str | None = None
    external_code: str | None = None
    phones: list[str] = []
    base: str | None = None
    bot: str | None = None
    tags: list[str] = []
    fields: dict[str, str] = {}
    vendor_ids: VendorIds = {}


class SeedEntry(_Doc, kw_only=True):
    name: str
    phones: list[str]


class SeedList(_Doc, kw_only=True):
    name: str
    type: str
    entries: list[SeedEntry] = []
    vendor_ids: VendorIds = {}


class SeedUser(_Doc, kw_only=True):
    email: str
    password: str
    name: str | None = None
    is_admin: bool = False


class SeedDocument(_Doc, kw_only=True):
    """An organization's data; every part optional."""

    bots: list[SeedBot] = []
    bases: list[SeedBase] = []
    fields: list[SeedField] = []
    tags: list[str] = []
    contacts: list[SeedContact] = []
    lists: list[SeedList] = []
    users: list[SeedUser] = []


class Seeded(msgspec.Struct, kw_only=True):
    """How many records of each kind a seed made."""

    bots: int
    bases: int
    fields: int
    tags: int
    contacts: int
    lists: int
    users: int


EXAMPLE: dict[str, Any] = {
    "bots": [{"name": "Bot", "vendor_ids": {"watbot": 72975}}],
    "bases": [{"name": "Base 1"}],
    "tags": ["VIP"],
    "fields": [{"name": "Город"}],
    "contacts": [
        {
            "name": "Иван",
            "phones": ["+79161234567"],
            "base": "Base 1",
            "bot": "Bot",
            "tags": ["VIP"],
            "fields": {"Город": "Москва"},
        }
    ],
    "lists": [
        {"name": "Stop", "type": "black", "entries": [{"name": "X", "phones": ["79990000001"]}]}
    ],
    "users": [{"email": "op@example.com", "password": "operator-password", "name": "Op"}],
}


def _schema() -> dict[str, Any]:
    schema = msgspec.json.schema(SeedDocument)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "contacthub seed document"
    schema["examples"] = [EXAMPLE]
    return schema


SEED_SCHEMA = _schema()


def decode(content: bytes, *, yaml: bool = False) -> SeedDocument:
    """The document in ``content`` (JSON, or YAML), or ``Invalid`` saying where it is wrong."""
    if len(content) > MAX_SEED_BYTES:
        raise Invalid(f"a seed document is at most {MAX_SEED_BYTES} bytes")
    try:
        if yaml:
            return msgspec.yaml.decode(content, type=SeedDocument)
        return msgspec.json.decode(content, type=SeedDocument)
    except msgspec.ValidationError as error:
        raise Invalid(f"the seed document is not valid: {error}", code="invalid_seed") from None
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        kind = "YAML" if yaml else "JSON"
        raise Invalid(f"the seed document is not {kind}: {error}", code="invalid_seed") from None


async def hash_passwords(document: SeedDocument) -> list[str]:
    """The users' password hashes, in order (before the unit of work: argon2 takes ~50 ms)."""
    hashed = []
    for user in document.users:
        digest = await users.hash_draft_password(users.UserDraft(password=user.password))
        assert digest is not None
        hashed.append(digest)
    return hashed


def _unique(names: list[str], part: str) -> None:
    seen: set[str] = set()
    for position, name in enumerate(names):
        if name in seen:
            raise Invalid.field(f"{part}[{position}].name", f"{name!r} is named twice")
        seen.add(name)


async def _ids(s: Scope, names: dict[str, int], kind: str) -> dict[str, int]:
    """The organization's existing records of a kind by name, under the document's own."""
    existing = await (bots.list_bots(s) if kind == "bot" else bases.list_bases(s))
    return {**{record.name: record.id for record in existing}, **names}


async def apply(s: Scope, document: SeedDocument, password_hashes: list[str]) -> Seeded:
    """Write the document's records into the scope's organization (the caller's unit of work
    commits them all or none)."""
    _unique([bot.name for bot in document.bots], "bots")
    _unique([base.name for base in document.bases], "bases")
    made_bots: dict[str, int] = {}
    for bot in document.bots:
        made = await bots.create_bot(s, bot.name)
        made_bots[bot.name] = made.id
        if bot.vendor_ids:
            await vendor_ids.set_vendor_ids(
                s, "bot", made.id, vendor_ids.clean_changes(bot.vendor_ids)
            )
    made_bases: dict[str, int] = {}
    for base in document.bases:
        created = await bases.create_base(s, bases.BaseDraft(name=base.name, remark=base.remark))
        made_bases[base.name] = created.id
        if base.vendor_ids:
            await vendor_ids.set_vendor_ids(
                s, "base", created.id, vendor_ids.clean_changes(base.vendor_ids)
            )
    for field in document.fields:
        await fields.ensure_field(s, field.name)
    await tags.ensure_tags(s, document.tags)
    bot_ids = await _ids(s, made_bots, "bot")
    base_ids = await _ids(s, made_bases, "base")
    for position, contact in enumerate(document.contacts):
        where = f"contacts[{position}]"
        if contact.bot is not None and contact.bot not in bot_ids:
            raise Invalid.field(f"{where}.bot", f"no bot is named {contact.bot!r}")
        if contact.base is not None and contact.base not in base_ids:
            raise Invalid.field(f"{where}.base", f"no base is named {contact.base!r}")
        draft = ContactDraft(
            name=contact.name,
            email=contact.email,
            external_code=contact.external_code,
            phones=[PhoneDraft(number=number) for number in contact.phones],
            base_id=None if contact.base is None else base_ids[contact.base],
            bot_id=None if contact.bot is None else bot_ids[contact.bot],
            tags=contact.tags,
            fields=contact.fields,
            vendor_ids=dict(vendor_ids.clean_changes(contact.vendor_ids)),
        )
        await create_contact(s, draft)
    for seeded in document.lists:
        entries = [EntryDraft(name=entry.name, phones=entry.phones) for entry in seeded.entries]
        made_list = await lists.create_list(
            s, seeded.name, seeded.type, entries, with_entries=False
        )
        if seeded.vendor_ids:
            await vendor_ids.set_vendor_ids(
                s, "list", made_list.id, vendor_ids.clean_changes(seeded.vendor_ids)
            )
    for user, digest in zip(document.users, password_hashes, strict=True):
        draft_user = users.UserDraft(email=user.email, name=user.name, is_admin=user.is_admin)
        await users.create_user(s, draft_user, digest)
    return Seeded(
        bots=len(document.bots),
        bases=len(document.bases),
        fields=len(document.fields),
        tags=len(document.tags),
        contacts=len(document.contacts),
        lists=len(document.lists),
        users=len(document.users),
    )
