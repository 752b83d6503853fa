"""TWIN's pure parts without HTTP: list options, body decoding, ids, the error table."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from contacthub.dialects.error_tables import ErrorRequest
from contacthub.dialects.twin import mapping, params
from contacthub.dialects.twin import schemas as wire
from contacthub.dialects.twin.errors import STATUS, claims, render, sentence
from contacthub.dialects.twin.listing import ListOptions, list_body, list_options
from contacthub.errors import ALL_ERRORS, HubError, Invalid, NotFound, RateLimited

KEYS = ("id", "name")
ITEMS: list[dict[str, Any]] = [
    {"id": "c", "name": "Борис"},
    {"id": "a", "name": "анна"},
    {"id": "b", "name": "Анна"},
]


def test_no_options_answer_everything_in_natural_order() -> None:
    assert list_body(ITEMS, ListOptions()) == {"count": 3, "items": ITEMS}


def test_sort_is_case_blind_stable_and_multi_key() -> None:
    by_name = list_body(ITEMS, list_options({"sort": "name"}, KEYS))["items"]
    assert [item["id"] for item in by_name] == ["a", "b", "c"]
    by_name_desc_id = list_body(ITEMS, list_options({"sort": "-name,id:desc"}, KEYS))["items"]
    assert [item["id"] for item in by_name_desc_id] == ["c", "b", "a"]


def test_page_defaults_to_100_and_windows_count_everything() -> None:
    many = [{"id": str(n), "name": str(n)} for n in range(250)]
    third = list_body(many, list_options({"page": "3"}, KEYS))
    assert third["count"] == 250
    assert [item["id"] for item in third["items"]] == [str(n) for n in range(200, 250)]
    past_the_end = list_body(many, list_options({"offset": "900"}, KEYS))
    assert past_the_end == {"count": 250, "items": []}


def test_fields_keep_the_items_key_order() -> None:
    options = list_options({"fields": "name,id"}, KEYS)
    assert options.fields == ("id", "name")
    assert list_body(ITEMS[:1], list_options({"fields": "name"}, KEYS))["items"] == [
        {"name": "Борис"}
    ]


@pytest.mark.parametrize(
    ("text", "expected"), [("", True), ("1", True), ("TRUE", True), ("0", False)]
)
def test_flags(text: str, expected: bool) -> None:
    assert list_options({"withoutCount": text}, KEYS).without_count is expected


def test_timezone_language_and_group_change_nothing() -> None:
    assert list_options({"timezone": "3", "language": "ru", "group": "name"}, KEYS) == ListOptions()


def test_keyset_paging_leaves_out_up_to_the_value_then_windows() -> None:
    by_name = list_options({"offsetField": "name", "offsetValue": "Анна"}, KEYS, KEYS)
    assert by_name.sort == (("name", False),)
    # Names equal but for case are two items: case-blind first, then exact.
    assert [item["id"] for item in list_body(ITEMS, by_name)["items"]] == ["a", "c"]
    assert list_body(ITEMS, by_name)["count"] == 3
    by_id = list_options({"offsetValue": "A", "limit": "1", "sort": "-id"}, KEYS, KEYS)
    assert (by_id.offset_field, by_id.offset_value) == ("id", "a")
    assert list_body(ITEMS, by_id)["items"] == []
    first_page = list_options({"offsetField": "id", "limit": "2", "offset": "1"}, KEYS, KEYS)
    assert [item["id"] for item in list_body(ITEMS, first_page)["items"]] == ["b", "c"]
    with pytest.raises(Invalid):
        list_options({"offsetField": "name"}, KEYS)  # only id pages unless told otherwise


@pytest.mark.parametrize(
    ("value", "text"),
    [("42", "42"), (42, "42"), (-1, "-1"), (2.5, "2.5"), (True, "true"), (False, "false")],
)
def test_values_are_kept_as_text(value: str | int | float | bool, text: str) -> None:
    assert mapping.value_text(value) == text


def test_bodies_decode_and_name_the_field_at_fault() -> None:
    assert params.decode(b'{"name": "x", "more": 1}', wire.AttributeIn) == wire.AttributeIn(
        name="x"
    )
    with pytest.raises(Invalid) as wrong:
        params.decode(b'{"value": [1]}', wire.ValueIn)
    assert wrong.value.fields == {"value": ["Expected `bool | int | float | str`, got `array`"]}
    query = {"refreshToken": "r", "ttl": "60"}
    assert params.convert(query, wire.RefreshIn, strict=False).ttl == 60
    with pytest.raises(Invalid):
        params.convert(query, wire.RefreshIn)  # JSON bodies get no such leniency


def test_path_ids_must_be_uuids() -> None:
    upper = "35E45A67-0C1F-4F0A-9DC0-9DC052045452"
    assert mapping.path_uuid(upper, "client") == upper.lower()
    for text in ("1", "35e45a67", upper + "0", "{" + upper + "}"):
        with pytest.raises(NotFound):
            mapping.path_uuid(text, "client")


def test_every_domain_error_has_a_status_and_none_is_a_server_fault() -> None:
    assert set(STATUS) == set(ALL_ERRORS)
    assert all(status < 500 for error, status in STATUS.items() if error.code != "unavailable")


def test_the_envelope() -> None:
    request = ErrorRequest("POST", "/api/v1/auth/login")
    status, headers, body = render(request, RateLimited("too many failed logins", retry_after=7))
    assert status == 429
    assert dict(headers)["Retry-After"] == "7"
    assert msgspec.json.decode(body) == {"error": "Too many failed logins."}
    assert render(request, HubError("odd")).status == 400
    assert sentence("done!") == "Done!"


def test_claims_only_twins_paths() -> None:
    assert claims("/api/v1/clients/x")
    assert claims("/api/v1/auth/logout")
    assert not claims("/api/v1/contact-lists")
    assert not claims("/api/v1/clientsx")
