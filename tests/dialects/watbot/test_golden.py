"""Golden wire cases: request/response pairs from the vendor's documents, kept in golden/*.json.

Every case runs against the same small world, built with a frozen clock so bodies are exact:
bot 1; contact 1 (Иван Иванов, WhatsApp, tags Горячий and Реклама, variable Город = Москва) and
contact 2 (Петр Петров, Telegram). ``{token}`` in a request is the organization's API token.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient as Client

from contacthub.core import contacts
from contacthub.core.contacts import ContactDraft, PhoneDraft
from tests.factories import Org, make_bot
from tests.support import TestClock as Clock

GOLDEN = Path(__file__).parent / "golden"
CASES = {path.stem: json.loads(path.read_text()) for path in sorted(GOLDEN.glob("*.json"))}


async def _world(org: Org, clock: Clock) -> None:
    clock.freeze(datetime(2019, 5, 10, 10, 38, 28, tzinfo=UTC))
    bot = await make_bot(org, "Bot")
    async with org.hub.writing(org.id) as s:
        await contacts.create_contact(
            s,
            ContactDraft(
                name="Иван Иванов",
                bot_id=bot.id,
                messenger="whatsapp",
                email="info@example.com",
                address="г. Москва, ул. Пушкина, д. 5",
                utm_source="landing",
                phones=[PhoneDraft(number="79991234567")],
                tags=["Горячий", "Реклама"],
                fields={"Город": "Москва"},
            ),
        )
        await contacts.create_contact(
            s,
            ContactDraft(
                name="Петр Петров",
                bot_id=bot.id,
                messenger="telegram",
                telegram_id="123456",
                telegram_username="superman",
            ),
        )


def _fill(value: Any, token: str) -> Any:
    if isinstance(value, str):
        return value.replace("{token}", token)
    if isinstance(value, dict):
        return {key: _fill(item, token) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, token) for item in value]
    return value


async def _send(client: Client, request: dict[str, Any]) -> Any:
    options: dict[str, Any] = {"params": request.get("query", {})}
    if "json" in request:
        options["json"] = request["json"]
    if "form" in request:
        options["data"] = request["form"]
    if "multipart" in request:
        options["files"] = [(key, (None, value)) for key, value in request["multipart"].items()]
    return await client.request(request["method"], request["path"], **options)


@pytest.mark.parametrize("case", CASES)
async def test_golden(client: Client, org: Org, clock: Clock, case: str) -> None:
    await _world(org, clock)
    for step, exchange in enumerate(CASES[case]["exchanges"]):
        answer = await _send(client, _fill(exchange["request"], org.token))
        expected = exchange["response"]
        assert (step, answer.status_code) == (step, expected["status"]), answer.text
        assert answer.json() == expected["body"], f"step {step}"
