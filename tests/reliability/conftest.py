"""What every fault test starts from: the session's database (emptied before each test, see the
root conftest) holding one organization with a base, a bot, contacts and a custom field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from contacthub.core import fields
from contacthub.core.scope import Hub
from tests.factories import Org, make_base, make_bot, make_contact, make_org

CONTACTS = 4


@dataclass(frozen=True)
class Store:
    org: Org
    base: int
    bot: int
    contacts: list[int]
    uuids: list[str]
    field_uuid: str  # TWIN's attribute id of the field "Город"

    @property
    def token(self) -> str:
        return self.org.token

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.org.token}"}


@pytest.fixture
async def store(hub: Hub) -> Store:
    org = await make_org(hub, "Reliability")
    base = await make_base(org)
    bot = await make_bot(org)
    made = [
        await make_contact(org, f"Контакт {i}", [f"7999000000{i}"], base_id=base.id, bot_id=bot.id)
        for i in range(CONTACTS)
    ]
    async with hub.writing(org.id) as s:
        field = await fields.create_field(s, "Город")
    return Store(
        org=org,
        base=base.id,
        bot=bot.id,
        contacts=[c.id for c in made],
        uuids=[c.uuid for c in made],
        field_uuid=field.uuid,
    )


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path
