"""TWIN's own ids at its edge: clients and attributes moved over with their TWIN UUIDs are
reached and shown by them (contacthub.core.vendor_ids, system ``twin``)."""

from __future__ import annotations

from httpx import AsyncClient as Client

from tests.dialects.twin.conftest import Operator
from tests.dialects.twin.test_attributes import ATTRIBUTES, values_url
from tests.factories import native_post

API = "/api/hub/v1"
CLIENT = "35e45a67-0000-4000-8000-9dc052045452"
ABSORBED = "35e45a67-0000-4000-8000-9dc052045453"
CITY = "0b9d1c4e-1111-4222-8333-444455556666"


async def test_clients_and_attributes_are_addressed_by_their_twin_ids(
    client: Client, operator: Operator, admin: Operator
) -> None:
    org = operator.org
    # Given in upper case, kept and answered in lower case.
    city = await native_post(
        client, org, "/fields", {"name": "Город", "vendor_ids": {"twin": CITY.upper()}}
    )
    plain = await native_post(client, org, "/fields", {"name": "Район"})
    person = await native_post(
        client, org, "/contacts", {"name": "Иван", "vendor_ids": {"twin": CLIENT.upper()}}
    )
    other = await native_post(client, org, "/contacts", {"name": "Пётр"})

    listed = (await client.get(ATTRIBUTES, headers=operator.auth)).json()
    assert [item["id"] for item in listed["items"]] == [CITY, plain["uuid"]]
    for attribute in (CITY.upper(), plain["uuid"]):
        answer = await client.post(
            values_url(CLIENT.upper(), attribute), json={"value": "x"}, headers=operator.auth
        )
        assert answer.status_code == 200, answer.text
    values = (await client.get(values_url(CLIENT), headers=operator.auth)).json()
    assert [(item["id"], item["clientId"]) for item in values["items"]] == [
        (CITY, CLIENT),
        (plain["uuid"], CLIENT),
    ]
    renamed = await client.patch(
        f"{ATTRIBUTES}/{CITY}", json={"name": "Город!"}, headers=operator.auth
    )
    assert renamed.status_code == 200
    removed = await client.delete(values_url(CLIENT, CITY), headers=operator.auth)
    assert removed.status_code == 200
    # A client without a TWIN id keeps its UUID, and sees the attributes' TWIN ids.
    await client.post(values_url(other["uuid"], CITY), json={"value": "1"}, headers=operator.auth)
    theirs = (await client.get(values_url(other["uuid"]), headers=operator.auth)).json()
    assert [(item["id"], item["clientId"]) for item in theirs["items"]] == [(CITY, other["uuid"])]

    # The hub UUIDs of records known by TWIN ids name nothing in TWIN.
    for method, url in [
        ("GET", values_url(person["uuid"])),
        ("POST", values_url(person["uuid"], plain["uuid"])),
        ("POST", values_url(CLIENT, city["uuid"])),
        ("PATCH", f"{ATTRIBUTES}/{city['uuid']}"),
        ("DELETE", values_url(CLIENT, city["uuid"])),
    ]:
        body = {"name": "x", "value": "x"}
        answer = await client.request(method, url, json=body, headers=operator.auth)
        assert answer.status_code == 404, (method, url, answer.text)
    deleted = await client.delete(f"{ATTRIBUTES}/{CITY}", headers=admin.auth)
    assert deleted.status_code == 200
    gone = await client.post(values_url(CLIENT, CITY), json={"value": "1"}, headers=operator.auth)
    assert gone.status_code == 404


async def test_an_absorbed_clients_twin_id_answers_the_survivor(
    client: Client, operator: Operator
) -> None:
    org = operator.org
    keep = await native_post(
        client, org, "/contacts", {"name": "Иван", "vendor_ids": {"twin": CLIENT}}
    )
    gone = await native_post(
        client, org, "/contacts", {"name": "И.", "vendor_ids": {"twin": ABSORBED}}
    )
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [gone["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    attribute = (await client.post(ATTRIBUTES, json={"name": "x"}, headers=operator.auth)).json()
    made = await client.post(
        values_url(ABSORBED, attribute["id"]), json={"value": "1"}, headers=operator.auth
    )
    assert made.status_code == 200, made.text
    values = (await client.get(values_url(ABSORBED), headers=operator.auth)).json()
    assert [(item["clientId"], item["value"]) for item in values["items"]] == [(CLIENT, "1")]


async def test_another_organizations_twin_ids_are_never_reached(
    client: Client, operator: Operator, stranger: Operator
) -> None:
    theirs = stranger.org
    await native_post(client, theirs, "/fields", {"name": "Город", "vendor_ids": {"twin": CITY}})
    await native_post(
        client, theirs, "/contacts", {"name": "Чужой", "vendor_ids": {"twin": CLIENT}}
    )
    for method, url in [
        ("GET", values_url(CLIENT)),
        ("POST", values_url(CLIENT, CITY)),
        ("DELETE", values_url(CLIENT, CITY)),
        ("PATCH", f"{ATTRIBUTES}/{CITY}"),
    ]:
        body = {"name": "x", "value": "x"}
        answer = await client.request(method, url, json=body, headers=operator.auth)
        assert answer.status_code == 404, (method, url, answer.text)
    assert (await client.get(ATTRIBUTES, headers=operator.auth)).json()["items"] == []
