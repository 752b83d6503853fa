"""Plusofon's pure functions, without a database or HTTP: page arithmetic and request reading."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contacthub.core.lists import ContactList, EntryDraft
from contacthub.dialects.plusofon import mapping, params
from contacthub.errors import Invalid

NOW = datetime(2026, 1, 15, tzinfo=UTC)
PATH = "https://hub.example/api/v1/contact-lists"


def lists_with_ids(ids: range) -> list[ContactList]:
    return [
        ContactList(id=i, name=f"L{i}", type="black", created_at=NOW, updated_at=NOW) for i in ids
    ]


@pytest.mark.parametrize(
    ("total", "page", "per_page", "shown", "first_last", "last_page", "has_next"),
    [
        (0, 1, 15, 0, (None, None), 1, False),
        (1, 1, 15, 1, (1, 1), 1, False),
        (15, 1, 15, 15, (1, 15), 1, False),
        (16, 1, 15, 15, (1, 15), 2, True),
        (16, 2, 15, 1, (16, 16), 2, False),
        (30, 2, 15, 15, (16, 30), 2, False),
        (7, 3, 2, 2, (5, 6), 4, True),
        (7, 9, 2, 0, (None, None), 4, False),
    ],
)
def test_page_arithmetic(
    total: int,
    page: int,
    per_page: int,
    shown: int,
    first_last: tuple[int | None, int | None],
    last_page: int,
    has_next: bool,
) -> None:
    start = (page - 1) * per_page + 1
    found = lists_with_ids(range(start, start + shown))
    result = mapping.list_page(
        found, total=total, page=page, per_page=per_page, path=PATH, keep_per_page=False
    )
    assert (result.from_, result.to) == first_last
    assert result.last_page == last_page
    assert (result.next_page_url is not None) == has_next
    assert (result.prev_page_url is not None) == (page > 1)
    assert result.last_page_url == f"{PATH}?page={last_page}"


def test_phones_lose_their_plus() -> None:
    assert mapping.phone_out("+79998887766") == "79998887766"


def test_the_body_wins_over_the_query() -> None:
    assert params.page_request({"page": "3", "per_page": "4"}, {"page": 2}) == (2, 4, True)
    assert params.page_request({}, {}) == (1, 15, False)


def test_list_input_reads_contacts_and_tells_absent_from_empty() -> None:
    body = {"name": " L ", "type": "white", "contacts": [{"name": "A", "phones": [79161111111]}]}
    data, errors = params.list_input(body)
    assert data == params.ListInput(
        name="L",
        type="white",
        contacts=[EntryDraft(name="A", phones=["79161111111"])],
        origins=[(0, [0])],
    )
    assert not errors.fields
    assert params.list_input({"name": "L", "type": "black"})[0].contacts is None
    assert params.list_input({"name": "L", "type": "black", "contacts": []})[0].contacts == []


def test_field_errors_stop_listing_at_a_hundred_fields() -> None:
    errors = params.FieldErrors()
    for i in range(150):
        errors.add(f"f{i}", "bad")
    errors.add("f0", "worse")
    error = errors.error()
    assert isinstance(error, Invalid)
    assert len(error.fields) == 100
    assert error.fields["f0"] == ["bad", "worse"]
    assert error.message == "bad (и ещё ошибок: 150)"


def test_the_cores_refusals_are_named_where_the_request_had_them() -> None:
    body = {
        "name": "L",
        "type": "black",
        "contacts": [
            "not an entry",
            {"name": "", "phones": [" ", "x"]},
            {"name": "Ok", "phones": [None, "y", "79161111111"]},
        ],
    }
    data, errors = params.list_input(body)
    assert data.origins == [(1, [1]), (2, [1, 2])]
    core = Invalid(
        "many",
        fields={
            "contacts.0.name": ["contacts.0.name is required"],
            "contacts.0.phones.0": ["'x' is not a valid phone number"],
            "contacts.1.name": ["contacts.1.name contains a NUL character"],
            "contacts.1.phones.0": ["'y' is not a valid phone number"],
        },
    )
    params.entry_errors(errors, data, core)
    assert errors.fields == {
        "contacts.0": ["Поле contacts.0 должно быть объектом с полями name и phones."],
        "contacts.1.name": ["Поле contacts.1.name обязательно для заполнения."],
        "contacts.1.phones.0": ["Поле contacts.1.phones.0 обязательно для заполнения."],
        "contacts.2.phones.0": ["Поле contacts.2.phones.0 обязательно для заполнения."],
        "contacts.1.phones.1": [
            "Поле contacts.1.phones.1 должно быть действительным номером телефона."
        ],
        "contacts.2.phones.1": [
            "Поле contacts.2.phones.1 должно быть действительным номером телефона."
        ],
    }
    clean = params.list_input({"name": "L", "type": "black", "contacts": [{"name": "a"}]})
    data, errors = clean[0], params.FieldErrors()
    nul = Invalid("nul", fields={"contacts.0.name": ["contacts.0.name contains a NUL character"]})
    params.entry_errors(errors, data, nul)
    assert errors.fields == {"contacts.0.name": ["contacts.0.name contains a NUL character"]}
