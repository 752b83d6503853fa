"""What the fuzzers found, one plain example each, so a fix cannot quietly come undone."""

from __future__ import annotations

import base64

import asyncpg
import httpx
import pytest

from contacthub.db.postgres import _translate
from contacthub.errors import Invalid
from tests.factories import Org, make_base, make_contact
from tests.reliability import envelopes
from tests.reliability.fuzzing import imports_settled

NATIVE = "/api/hub/v1"
PAST_INT64 = [str(2**63), str(-(2**63) - 1), str(10**30)]


@pytest.mark.parametrize("kind", ["bases", "bots", "tags", "lists", "users", "tokens", "imports"])
@pytest.mark.parametrize("number", PAST_INT64)
async def test_native_ids_past_64_bits_are_not_found(
    client: httpx.AsyncClient, org: Org, kind: str, number: str
) -> None:
    # SQLite cannot bind such an int (OverflowError) and PostgreSQL refuses it: was a 500.
    response = await client.get(f"{NATIVE}/{kind}/{number}", headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code == 404


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**30])
async def test_native_body_ids_past_64_bits_are_refused(
    client: httpx.AsyncClient, org: Org, number: int
) -> None:
    body = {"name": "Иван", "phones": ["79991234567"], "base_id": number}
    response = await client.post(f"{NATIVE}/contacts", json=body, headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code in (400, 422)


async def test_native_query_ids_past_64_bits_are_refused(
    client: httpx.AsyncClient, org: Org
) -> None:
    await make_base(org)
    response = await client.get(f"{NATIVE}/exports/contacts?base_id={2**63}", headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code in (400, 404, 422)


async def test_a_forged_cursor_past_64_bits_is_refused(client: httpx.AsyncClient, org: Org) -> None:
    cursor = base64.urlsafe_b64encode(f"id:{10**30}".encode()).decode().rstrip("=")
    response = await client.get(f"{NATIVE}/contacts?cursor={cursor}", headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code in (400, 422)


def test_postgres_unstorable_values_do_not_quote_the_driver() -> None:
    # GET /api/hub/v1/bases/2**63 on PostgreSQL answered 422 "a value cannot be stored: invalid
    # input for query argument $1: ... (value out of int64 range)": asyncpg's words, shown.
    error = asyncpg.exceptions.DataError(
        "invalid input for query argument $1: 9223372036854775808 (value out of int64 range)"
    )
    translated = _translate(error)
    assert isinstance(translated, Invalid)
    assert translated.code == "unstorable_value"
    assert "query argument" not in translated.message
    assert "$1" not in translated.message


# isdigit() is true for "²" and "١٢٣", and int() refuses more than 4,300 digits: both were 500s.
ODD_NUMBERS = ["²", "١٢٣", "9" * 4301, str(10**30), str(-(10**30))]


@pytest.mark.parametrize("param", ["limit", "offset", "page"])
@pytest.mark.parametrize("value", ODD_NUMBERS)
async def test_twin_listing_numbers_are_ascii_and_bounded(
    client: httpx.AsyncClient, org: Org, param: str, value: str
) -> None:
    response = await client.get(
        "/api/v1/clients/attributes", params={param: value}, headers=org.auth
    )
    envelopes.check("twin", response)
    assert response.status_code == 400


@pytest.mark.parametrize("param", ["contact_id", "bot_id"])
@pytest.mark.parametrize("value", ODD_NUMBERS)
async def test_watbot_integers_are_bounded(
    client: httpx.AsyncClient, org: Org, param: str, value: str
) -> None:
    contact = await make_contact(org)
    query = {"api_token": org.token, "contact_id": str(contact.id), "bot_id": "1", param: value}
    response = await client.get("/api/v1/getContactTags", params=query)
    envelopes.check("watbot", response)
    response = await client.get("/api/v1/getContacts", params=query)
    envelopes.check("watbot", response)
    assert response.status_code in (200, 404, 422)


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_obzvonilka_record_ids_are_ascii_digits(
    client: httpx.AsyncClient, org: Org, suffix: str
) -> None:
    base = await make_base(org)
    contact = await make_contact(org, base_id=base.id)
    # The contact's own id in Arabic-Indic digits: int() reads it as that id, Rails never would.
    segment = str(contact.id).translate(ARABIC_INDIC) + suffix
    url = f"/api/contact_bases/{base.id}/contacts/{segment}"
    response = await client.get(url, headers={"X-API-KEY": org.token})
    assert response.status_code == 404
    envelopes.check("obzvonilka", response)
    ascii_url = f"/api/contact_bases/{base.id}/contacts/{contact.id}{suffix}"
    assert (await client.get(ascii_url, headers={"X-API-KEY": org.token})).status_code == 200


async def test_native_refs_are_ascii_digits_or_uuids(client: httpx.AsyncClient, org: Org) -> None:
    contact = await make_contact(org, fields={"Город": "Москва"})
    field = (await client.get(f"{NATIVE}/fields", headers=org.auth)).json()["items"][0]
    for kind, number in (("contacts", contact.id), ("fields", field["id"])):
        disguised = str(number).translate(ARABIC_INDIC)
        response = await client.get(f"{NATIVE}/{kind}/{disguised}", headers=org.auth)
        assert response.status_code == 404, (kind, response.text)
        envelopes.check("native", response)
        for ref in (str(number), "9" * 5000):
            expected = 200 if ref == str(number) else 404
            answer = await client.get(f"{NATIVE}/{kind}/{ref}", headers=org.auth)
            assert answer.status_code == expected, (kind, ref[:20], answer.text)


# A 6 KB body 1,000 levels deep made msgspec raise RecursionError: a 500 in every dialect,
# before any credential was checked. (method, path, headers beyond the credential, dialect)
DEEP_DOORS = [
    ("native", "/api/hub/v1/contacts", {}),
    ("watbot", "/api/v1/createOrUpdateContact", {}),
    ("obzvonilka", "/api/contact_bases/1/contacts.json", {}),
    ("twin", "/api/v1/auth/login", {}),
    ("twin", "/api/v1/clients/attributes", {}),
    ("plusofon", "/api/v1/login", {"Client": "10553"}),
    ("plusofon", "/api/v1/contact-lists", {"Client": "10553"}),
]


@pytest.mark.parametrize("depth", [33, 400, 1_000, 50_000])
@pytest.mark.parametrize("signed_in", [True, False], ids=["token", "no-credential"])
@pytest.mark.parametrize(("dialect", "path", "extra"), DEEP_DOORS)
async def test_deeply_nested_json_is_bad_input_at_every_door(
    client: httpx.AsyncClient,
    org: Org,
    dialect: str,
    path: str,
    extra: dict[str, str],
    signed_in: bool,
    depth: int,
) -> None:
    await make_base(org)
    headers = {"content-type": "application/json", **extra}
    if signed_in:
        headers |= {"X-API-KEY": org.token} if dialect == "obzvonilka" else org.auth
    body = '{"a":' * depth + "1" + "}" * depth
    response = await client.post(path, content=body, headers=headers)
    envelopes.check(dialect, response)
    if not signed_in and response.status_code in (401, 403):
        return  # a door that asks for the credential first need not read the body
    assert response.status_code in (400, 422), response.text
    assert "32 levels" in response.text or "32 уровней" in response.text


@pytest.mark.parametrize("dialect", ["watbot", "obzvonilka"])
async def test_form_keys_nested_like_a_bomb_are_refused_or_dropped(
    client: httpx.AsyncClient, org: Org, dialect: str
) -> None:
    base = await make_base(org)
    key = "contact" + "[a]" * 1_000
    if dialect == "watbot":
        path, form = "/api/v1/createOrUpdateContact", {"api_token": org.token, key: "1"}
    else:
        path, form = f"/api/contact_bases/{base.id}/contacts.json", {"api_key": org.token, key: "1"}
    response = await client.post(path, data=form)
    envelopes.check(dialect, response)
    assert response.status_code in (400, 422)


@pytest.mark.parametrize("number", PAST_INT64)
@pytest.mark.parametrize(
    ("resource", "name"),
    [
        ("contacts", "base_id"),
        ("contacts", "bot_id"),
        ("contacts", "list_id"),
        ("exports", "base_id"),
    ],
)
async def test_native_filter_ids_past_64_bits_are_422(
    client: httpx.AsyncClient, org: Org, resource: str, name: str, number: str
) -> None:
    # SQLite's OverflowError: was a 500 (one check: core.ids.check_filter_id).
    response = await client.get(f"{NATIVE}/{resource}?{name}={number}", headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code == 422
    assert name in response.json()["errors"]


async def test_a_search_text_too_long_is_422_not_an_outage(
    client: httpx.AsyncClient, org: Org
) -> None:
    # SQLite's "LIKE pattern too complex" was read as the database being away: 503.
    response = await client.get(f"{NATIVE}/contacts?q=" + "a%25_" * 10_000, headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code == 422
    assert "200 characters" in response.json()["errors"]["q"][0]
    fine = await client.get(f"{NATIVE}/contacts?q=" + "a" * 200, headers=org.auth)
    assert fine.status_code == 200


@pytest.mark.parametrize("encoding", ["rot13", "hex", "base64", "zlib"])
async def test_an_import_encoding_must_be_a_text_encoding(
    client: httpx.AsyncClient, org: Org, encoding: str
) -> None:
    files = {"file": ("a.csv", b"name,phone\nA,79991234567\n", "text/csv")}
    response = await client.post(
        f"{NATIVE}/imports", files=files, data={"encoding": encoding}, headers=org.auth
    )
    envelopes.check("native", response)
    assert response.status_code == 422
    assert response.json()["errors"]["encoding"] == [f"{encoding!r} is not a text encoding"]


# Found by schemathesis over /openapi.json (issue 19 item 10) once the document gave bodies and
# queries their real shapes: both were 500s on SQLite (OverflowError binding the id).
@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**30])
async def test_a_contacts_base_or_bot_past_64_bits_is_422(
    client: httpx.AsyncClient, org: Org, number: int
) -> None:
    for field in ("base_id", "bot_id"):
        response = await client.post(f"{NATIVE}/contacts", json={field: number}, headers=org.auth)
        envelopes.check("native", response)
        assert response.status_code == 422
        assert field in response.json()["errors"]


async def test_a_rejects_cursor_past_the_row_numbers_is_an_empty_page(
    client: httpx.AsyncClient, org: Org
) -> None:
    # import_rejects.row_number is 32-bit: PostgreSQL refused the comparison (422
    # unstorable_value), SQLite answered an empty page. Now both answer the empty page.
    files = {"file": ("a.csv", b"name,phone\nA,79991234567\nB,12345\n", "text/csv")}
    job = await client.post(f"{NATIVE}/imports", files=files, headers=org.auth)
    assert job.status_code == 202
    await imports_settled(client, org)  # the next test's TRUNCATE must not meet its writes
    cursor = base64.urlsafe_b64encode(f"id:{2**40}".encode()).decode().rstrip("=")
    rejects = f"{NATIVE}/imports/{job.json()['id']}/rejects"
    response = await client.get(rejects, params={"cursor": cursor}, headers=org.auth)
    envelopes.check("native", response)
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
