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
