"""Pure functions of the dialer dialect: parameters, path ids, wire <-> domain. No database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from litestar.exceptions import ClientException
from msgspec import UNSET

from contacthub.core.contacts import Contact, Phone, PhoneDraft
from contacthub.core.contacts.model import REFERENCE_COLUMNS, TEXT_COLUMNS
from contacthub.dialects.obzvonilka import mapping
from contacthub.dialects.obzvonilka.params import Params, nest, record_id, require
from contacthub.dialects.obzvonilka.schemas import CONTACT_ATTRIBUTES
from contacthub.errors import Invalid, NotFound
from tests.dialects.obzvonilka.support import contact_json

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def a_contact(phones: list[Phone], **fields: Any) -> Contact:
    values: dict[str, Any] = dict.fromkeys(TEXT_COLUMNS) | dict.fromkeys(REFERENCE_COLUMNS)
    values.update(fields)
    return Contact(id=7, uuid="u", phones=phones, created_at=NOW, updated_at=NOW, **values)


def phone(position: int, number: str, remark: str | None = None) -> Phone:
    return Phone(number=number, e164="+7" + number[-10:], remark=remark, position=position)


def test_nest_reads_rails_brackets_and_drops_deeper_keys() -> None:
    pairs = [
        ("api_key", "k"),
        ("contact[name]", "abc"),
        ("contact[phone1]", "1"),
        ("contact[phone1]", "2"),
        ("contact[a][b]", "deep"),
        ("tags[]", "x"),
    ]
    assert nest(pairs) == {"api_key": "k", "contact": {"name": "abc", "phone1": "2"}}


def test_a_flat_value_is_replaced_by_a_nested_one() -> None:
    assert nest([("contact", "x"), ("contact[name]", "y")]) == {"contact": {"name": "y"}}


def test_require_wraps_a_json_body_without_root_but_not_a_form() -> None:
    flat = {"name": "abc", "api_key": "k", "other": 1}
    assert require(Params(flat, from_json=True), "contact", CONTACT_ATTRIBUTES) == {"name": "abc"}
    with pytest.raises(ClientException, match="param is missing or the value is empty: contact"):
        require(Params(flat, from_json=False), "contact", CONTACT_ATTRIBUTES)
    with pytest.raises(ClientException):
        require(Params({"contact": "abc"}, from_json=False), "contact", CONTACT_ATTRIBUTES)
    with pytest.raises(ClientException):
        require(Params({"contact": {}}, from_json=True), "contact", CONTACT_ATTRIBUTES)


@pytest.mark.parametrize(("segment", "expected"), [("22", 22), ("22.json", 22), ("0.json", 0)])
def test_record_id_reads_an_id_with_or_without_format(segment: str, expected: int) -> None:
    assert record_id(segment) == expected


@pytest.mark.parametrize("segment", ["abc", "22.xml", "22.json.json", "-1", "9" * 20, "", "1 "])
def test_record_id_refuses_what_names_no_record(segment: str) -> None:
    with pytest.raises(NotFound):
        record_id(segment)


def test_contact_out_puts_phones_in_their_slots() -> None:
    phones = [phone(0, "89991112233", "мобильный"), phone(2, "84951234567"), phone(10, "1234567")]
    contact = a_contact(phones, name="Лапшина Ирина", address="Москва", www="https://x.ru")
    out = mapping.contact_out(contact)
    assert out.__struct_fields__[:8] == (
        "id",
        "name",
        "address_string",
        "description",
        "email",
        "external_code",
        "www",
        "phone1",
    )
    assert msgspec.to_builtins(out) == contact_json(
        7,
        name="Лапшина Ирина",
        address_string="Москва",
        www="https://x.ru",
        phone1="89991112233",
        phone_remark1="мобильный",
        phone3="84951234567",
    )


def test_contact_values_cast_numbers_and_refuse_other_types() -> None:
    assert mapping.contact_values({"phone1": 79991234567, "name": None, "junk": [1]}) == {
        "phone1": "79991234567",
        "name": None,
    }
    with pytest.raises(Invalid) as caught:
        mapping.contact_values({"name": ["a"], "email": True, "phone2": 1.5})
    assert caught.value.fields == {
        "name": ["name must be a string"],
        "email": ["email must be a string"],
        "phone2": ["phone2 must be a string"],
    }


def test_draft_names_only_what_was_sent() -> None:
    draft = mapping.contact_draft({"name": "abc", "address_string": None, "phone1": "987654321"})
    assert draft.name == "abc"
    assert draft.address is None
    assert draft.email is UNSET
    assert draft.phones is UNSET
    assert draft.phone_slots == {0: PhoneDraft(number="987654321", remark=None)}


def test_a_number_or_a_remark_alone_keeps_the_other_from_the_current_contact() -> None:
    current = a_contact([phone(0, "89991112233", "старый"), phone(1, "84951234567", "офис")])
    draft = mapping.contact_draft({"phone1": "89990000000", "phone_remark2": "новый"}, current)
    assert draft.phone_slots == {
        0: PhoneDraft(number="89990000000", remark="старый"),
        1: PhoneDraft(number="84951234567", remark="новый"),
    }


def test_a_blank_number_clears_the_slot_and_an_orphan_remark_is_refused() -> None:
    current = a_contact([phone(0, "89991112233", "старый")])
    assert mapping.contact_draft({"phone1": ""}, current).phone_slots == {0: None}
    assert mapping.contact_draft({"phone1": None, "phone_remark1": ""}, current).phone_slots == {
        0: None
    }
    with pytest.raises(Invalid) as caught:
        mapping.contact_draft({"phone_remark4": "без номера"}, current)
    assert caught.value.fields == {"phone_remark4": ["phone_remark4 needs a number in phone4"]}
    with pytest.raises(Invalid):
        mapping.contact_draft({"phone1": " ", "phone_remark1": "x"}, current)


@pytest.mark.parametrize(
    ("core", "wire"),
    [
        ("phones[0]", "phone1"),
        ("phones[9]", "phone10"),
        ("phones[3].remark", "phone_remark4"),
        ("address", "address_string"),
        ("email", "email"),
        ("phone_remark2", "phone_remark2"),
    ],
)
def test_core_field_names_become_wire_attributes(core: str, wire: str) -> None:
    assert mapping.wire_field(core) == wire
