"""An erased person leaves no bytes in an SQLite store: not in the file, not in the WAL, not in
the search index (secure_delete, the index merged, the WAL checkpointed and truncated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contacthub.config import Settings
from contacthub.core import lists, organizations
from contacthub.core.contacts import (
    ContactDraft,
    PhoneDraft,
    create_contact,
    delete_contact,
    erase,
    update_contact,
)
from contacthub.core.lists import EntryDraft
from contacthub.core.scope import Hub
from contacthub.core.search_text import search_text
from contacthub.db.factory import database_for
from tests.support import create_sqlite_database

NAME = "Зинаида Уникальнова"
EMAIL = "zinaida.unikalnova@example.org"
PHONE = "79161239876"
# The name as the search text holds it too (folded, two spaces before each word).
SECRETS = [NAME, search_text(NAME, None, None), EMAIL, PHONE, "Z-UNIQUE-77", "тайное примечание"]


def _found(directory: Path) -> list[str]:
    """The secrets found in the store's files (the database, its WAL and its shared memory)."""
    data = b"".join(path.read_bytes() for path in directory.iterdir() if path.is_file())
    return [secret for secret in SECRETS if secret.encode() in data]


@pytest.mark.parametrize("deleted_first", [False, True])
async def test_an_erased_person_is_not_in_the_files(tmp_path: Path, deleted_first: bool) -> None:
    url = await create_sqlite_database(tmp_path)
    hub = Hub(database_for(Settings(database_url=url, _env_file=None)))  # type: ignore[call-arg]
    await hub.db.connect()
    try:
        org = (await organizations.create_organization(hub, "Acme")).organization.id
        async with hub.writing(org) as s:
            person = await create_contact(
                s,
                ContactDraft(
                    name=NAME,
                    email=EMAIL,
                    external_code="Z-UNIQUE-77",
                    phones=[PhoneDraft(number=f"+{PHONE}", remark="тайное примечание")],
                    tags=["vip"],
                    fields={"city": "Тула"},
                ),
            )
            # Others around it, so its rows share pages with rows that stay.
            for i in range(200):
                await create_contact(
                    s,
                    ContactDraft(name=f"Сосед {i}", phones=[PhoneDraft(number=f"7903555{i:04d}")]),
                )
            await lists.create_list(s, "Стоп", "black", [EntryDraft(name=NAME, phones=[PHONE])])
        async with hub.writing(org) as s:
            await update_contact(s, person.id, ContactDraft(description="тайное примечание"))
        await hub.db.scrub()  # the control: a checkpointed store has them in the file
        assert _found(tmp_path) == SECRETS
        if deleted_first:
            async with hub.writing(org) as s:
                await delete_contact(s, person.id)
        await erase.erase(hub, org, person.id)
    finally:
        await hub.db.close()
    assert _found(tmp_path) == []
