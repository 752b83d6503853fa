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
        tags=[],
        fields={},
    )
    return msgspec.structs.replace(base, **changes)


def _encoded(contact: Contact) -> dict[str, object]:
    result: dict[str, object] = msgspec.to_builtins(mapping.contact_out(contact))
    return result


def test_timestamps_are_utc_seconds() -> None:
    moscow = MOMENT.astimezone(timezone(timedelta(hours=3)))
    assert mapping.timestamp(moscow) == "2024-03-01T12:00:05+00:00"


def test_every_contact_carries_every_catalogue_key() -> None:
    plain = _encoded(_contact())
    assert list(plain) == [
        "id", "bot_id", "phone", "email", "name", "messenger", "telegram_id",
        "telegram_username", "viber_id", "vk_id", "address", "utm", "created_at", "variables",
        "tags",
    ]  # fmt: skip
    assert [plain[key] for key in ("telegram_id", "viber_id", "vk_id")] == [None, None, None]
    viber = _encoded(_contact(messenger="viber", viber_id="abc=="))
    assert (viber["viber_id"], viber["telegram_id"]) == ("abc==", None)
    vk_on_whatsapp = _encoded(_contact(messenger="whatsapp", vk_id="5"))
    assert vk_on_whatsapp["vk_id"] == "5"


def test_variables_are_name_value_pairs_in_field_order_and_tags_names() -> None:
    encoded = _encoded(_contact(tags=["a", "b"], fields={"Город": "Тверь", "link": ""}))
    assert encoded["variables"] == [
        {"name": "Город", "value": "Тверь"},
        {"name": "link", "value": ""},
    ]
    assert encoded["tags"] == ["a", "b"]


def test_a_contact_without_its_tags_and_fields_is_never_written() -> None:
    with pytest.raises(ValueError, match="tags and fields"):
        mapping.contact_out(_contact(tags=None))
    with pytest.raises(ValueError, match="tags and fields"):
        mapping.contact_out(_contact(fields=None))


def test_phone_is_the_first_phone_in_digits() -> None:
    phones = [
        Phone(number="8 999 111-22-33", e164="+79991112233", position=0),
        Phone(number="+74951234567", e164="+74951234567", position=1),
    ]
    assert _encoded(_contact(phones=phones))["phone"] == "79991112233"


def test_utm_is_always_an_object() -> None:
    assert _encoded(_contact())["utm"] == dict.fromkeys(mapping.UTM_KEYS)
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
