"""mapping.py and rules.py without a database or HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest

from contacthub.core.contacts import Contact, Phone
from contacthub.dialects.watbot import mapping
from contacthub.dialects.watbot.rules import Rules
from contacthub.errors import Invalid

MOMENT = datetime(2024, 3, 1, 12, 0, 5, 999_999, tzinfo=UTC)


def _contact(**changes: object) -> Contact:
    base = Contact(
        id=7,
        uuid="00000000-0000-4000-8000-000000000007",
        name="Ольга",
        email=None,
        address=None,
        description="не выводится",
        www=None,
        external_code=None,
        base_id=None,
        bot_id=None,
        messenger=None,
        telegram_id=None,
        telegram_username=None,
        viber_id=None,
        vk_id=None,
        utm_source=None,
        utm_medium=None,
        utm_campaign=None,
        utm_term=None,
        utm_content=None,
        phones=[],
        created_at=MOMENT,
        updated_at=MOMENT,
    )
    return msgspec.structs.replace(base, **changes)


def _encoded(contact: Contact) -> dict[str, object]:
    result: dict[str, object] = msgspec.to_builtins(mapping.contact_out(contact))
    return result


def test_timestamps_are_utc_seconds() -> None:
    moscow = MOMENT.astimezone(timezone(timedelta(hours=3)))
    assert mapping.timestamp(moscow) == "2024-03-01T12:00:05+00:00"


def test_messenger_keys_appear_only_where_they_belong() -> None:
    plain = _encoded(_contact())
    assert set(plain) == {
        "id", "bot_id", "phone", "email", "name", "messenger", "address", "utm", "created_at"
    }  # fmt: skip
    viber = _encoded(_contact(messenger="viber", viber_id="abc=="))
    assert viber["viber_id"] == "abc=="
    assert "telegram_id" not in viber
    telegram_without_id = _encoded(_contact(messenger="telegram"))
    assert (telegram_without_id["telegram_id"], telegram_without_id["telegram_username"]) == (
        None,
        None,
    )
    vk_on_whatsapp = _encoded(_contact(messenger="whatsapp", vk_id="5"))
    assert vk_on_whatsapp["vk_id"] == "5"


def test_phone_is_the_first_phone_in_digits() -> None:
    phones = [
        Phone(number="8 999 111-22-33", e164="+79991112233", position=0),
        Phone(number="+74951234567", e164="+74951234567", position=1),
    ]
    assert _encoded(_contact(phones=phones))["phone"] == "79991112233"


def test_utm_is_null_unless_one_is_set() -> None:
    assert _encoded(_contact())["utm"] is None
    assert _encoded(_contact(utm_term="x"))["utm"] == {
        "utm_source": None,
        "utm_medium": None,
        "utm_campaign": None,
        "utm_term": "x",
        "utm_content": None,
    }


def test_page_meta_and_links() -> None:
    page = mapping.contact_page(
        [_contact(), _contact(id=8)],
        total=12,
        page=3,
        per_page=5,
        path="https://hub.example/api/v1/getContacts",
        kept={"count": "5", "filters[phone]": "+7 999"},
    )
    assert msgspec.to_builtins(page.meta) == {
        "current_page": 3,
        "from": 11,
        "last_page": 3,
        "path": "https://hub.example/api/v1/getContacts",
        "per_page": 5,
        "to": 12,
        "total": 12,
    }
    assert page.links.prev == (
        "https://hub.example/api/v1/getContacts?count=5&filters%5Bphone%5D=%2B7+999&page=2"
    )
    assert page.links.next is None
    empty = mapping.contact_page([], total=0, page=1, per_page=15, path="p", kept={})
    assert (empty.meta.last_page, empty.meta.from_, empty.links.last) == (1, None, "p?page=1")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" +3 ", 3), (7, 7), (2.0, 2), ("-1", -1)],
)
def test_integers_laravel_accepts(raw: object, expected: int) -> None:
    assert Rules({"n": raw}).integer("n") == expected


@pytest.mark.parametrize("raw", ["1.5", "1e3", "", True, [1], {"a": 1}, 2.5])
def test_integers_laravel_refuses(raw: object) -> None:
    rules = Rules({"n": raw})
    rules.integer("n", required=True)
    with pytest.raises(Invalid) as caught:
        rules.check()
    assert list(caught.value.fields) == ["n"]


def test_booleans_and_text() -> None:
    rules = Rules({"a": "1", "b": "false", "c": 0, "d": True, "t": "  x  ", "e": " "})
    assert [rules.boolean(key) for key in "abcd"] == [True, False, False, True]
    assert rules.text("t") == "x"
    assert rules.text("e", keep_empty=True) == " "
    assert rules.text("e") is None
    assert rules.boolean("missing") is None
    rules.check()
