"""``contacthub demo``: a demo organization with sample data, its token, curl lines, a server."""

from __future__ import annotations

import os
import secrets

from contacthub.cli.db import migrate_or_fail
from contacthub.cli.runtime import console, load_settings, run_with_hub
from contacthub.cli.serving import HostOption, PortOption, serve_forever
from contacthub.core import bases, bots, contacts, lists, organizations, tokens
from contacthub.core.contacts import ContactDraft, PhoneDraft
from contacthub.core.lists import EntryDraft
from contacthub.core.scope import Hub

DEMO_NAME = "contacthub demo"

SAMPLE_CONTACTS = [
    ("Лапшина Ирина Дмитриевна", "+7 (999) 888-77-66", "irina@example.com", ["Горячий"], "Москва"),
    ("Иван Иванов", "8 912 345-67-89", "ivan@example.com", ["Горячий", "Реклама"], "Казань"),
    ("Пётр Петров", "79161234567", None, ["Реклама"], "Тверь"),
    ("Anna Smith", "+44 20 7946 0958", "anna@example.com", [], "London"),
]


async def _build(hub: Hub) -> tuple[int, str, int]:
    existing = [o for o in await organizations.list_organizations(hub) if o.name == DEMO_NAME]
    if existing:
        org_id = existing[0].id
        async with hub.writing(org_id) as s:
            new = await tokens.create_token(s, label="demo")
            base = (await bases.list_bases(s, limit=1))[0]
        return org_id, new.secret, base.id
    created = await organizations.create_organization(hub, DEMO_NAME, token_label="demo")  # noqa: S106
    org_id = created.organization.id
    async with hub.writing(org_id) as s:
        bot = await bots.create_bot(s, "Demo bot")
        base = await bases.create_base(s, bases.BaseDraft(name="Demo base", remark="sample data"))
        for name, phone, email, tags, city in SAMPLE_CONTACTS:
            await contacts.create_contact(
                s,
                ContactDraft(
                    name=name,
                    email=email,
                    phones=[PhoneDraft(number=phone)],
                    tags=tags,
                    fields={"Город": city},
                    base_id=base.id,
                    bot_id=bot.id,
                    messenger="whatsapp",
                ),
            )
        await lists.create_list(
            s,
            "Черный список",
            "black",
            [EntryDraft(name="Спамер", phones=["79998887700", "8 999 222-33-00"])],
        )
    return org_id, created.token.secret, base.id


def create_demo(host: str, port: int) -> None:
    settings = load_settings()
    migrate_or_fail(settings.database_url)
    org_id, secret, base_id = run_with_hub(_build, settings)
    url = f"http://{host}:{port}"
    console.print(f"Demo organization [bold]{org_id}[/] is ready. Its API token:")
    console.print(secret, style="bold yellow", highlight=False, soft_wrap=True)
    console.print("\nTry these in another terminal:\n")
    for line in (
        f"curl -s '{url}/api/hub/v1/contacts' -H 'Authorization: Bearer {secret}'",
        f"curl -s '{url}/api/contact_bases/{base_id}/contacts.json?api_key={secret}'",
        f"curl -s '{url}/api/v1/getContacts?api_token={secret}'",
    ):
        console.print(line, highlight=False, soft_wrap=True)
    console.print()


def demo(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Create (or reuse) a demo organization with sample data, print its token and curl lines,
    then serve, with the control API at /_contacthub/ on."""
    create_demo(host, port)
    if not os.environ.get("CONTACTHUB_ADMIN_TOKEN") and load_settings().admin_token is None:
        # A demo is where people try the control API: on, with a token of this run only.
        os.environ["CONTACTHUB_ADMIN_TOKEN"] = secrets.token_urlsafe(32)
        token = os.environ["CONTACTHUB_ADMIN_TOKEN"]
        console.print("Control API (/_contacthub/, see README) admin token for this run:")
        console.print(token, style="bold yellow", highlight=False, soft_wrap=True)
        console.print(
            f"curl -s -X POST 'http://{host}:{port}/_contacthub/orgs'"
            f" -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json'"
            """ -d '{"name": "test"}'\n""",
            highlight=False,
            soft_wrap=True,
        )
    serve_forever(host, port, workers=1)
