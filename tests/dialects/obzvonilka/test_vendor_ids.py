"""The dialer's own ids at its edge: a base and contacts moved over with their Obzvonilka ids
are reached and shown by them (contacthub.core.vendor_ids, system ``obzvonilka``)."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient as Client

from tests.dialects.obzvonilka.support import NOT_FOUND, header, key
from tests.factories import Org, native_ids, native_post, seed_org

API = "/api/hub/v1"
BASE = 4217


DOCUMENT: dict[str, Any] = {
    "bases": [{"name": "Обзвон", "vendor_ids": {"obzvonilka": BASE}}, {"name": "Прочие"}],
    "contacts": [
        {
            "name": "Иван",
            "phones": ["+79991234567"],
            "base": "Обзвон",
            "external_code": "A1",
            "vendor_ids": {"obzvonilka": 900},
        },
        {"name": "Пётр", "phones": ["+79991234567"], "base": "Прочие"},
    ],
}


async def test_a_seeded_base_and_contact_are_addressed_by_their_obzvonilka_ids(
    client: Client, full_lane: Client, org: Org
) -> None:
    await seed_org(org, DOCUMENT)
    bases = await native_ids(client, org, "/bases")
    people = await native_ids(client, org, "/contacts")

    listed = (await client.get("/api/contact_bases.json", params=key(org))).json()
    assert [(base["id"], base["name"]) for base in listed] == [
        (BASE, "Обзвон"),
        (bases["Прочие"], "Прочие"),
    ]
    one = await client.get(f"/api/contact_bases/{BASE}.json", params=key(org))
    assert one.json()["id"] == BASE
    contacts = await client.get(f"/api/contact_bases/{BASE}/contacts.json", params=key(org))
    assert [(c["id"], c["name"]) for c in contacts.json()] == [(900, "Иван")]
    for lane in (client, full_lane):
        got = await lane.get(f"/api/contact_bases/{BASE}/contacts/900.json", headers=header(org))
        assert got.status_code == 200, got.text
        assert (got.json()["id"], got.json()["name"]) == (900, "Иван")
    hot = await client.get(f"/api/contact_bases/{BASE}/contacts/900", headers=header(org))
    full = await full_lane.get(f"/api/contact_bases/{BASE}/contacts/900", headers=header(org))
    assert hot.content == full.content
    found = await client.get(
        f"/api/contact_bases/{BASE}/contacts/find_by_external/A1.json", params=key(org)
    )
    assert found.json()["id"] == 900
    report = await client.get(
        "/api/report/contacts.json", params={**key(org), "phone": "89991234567"}
    )
    assert [(c["id"], c["contact_base_id"]) for c in report.json()] == [
        (900, BASE),
        (people["Пётр"], bases["Прочие"]),
    ]

    changed = await client.patch(
        f"/api/contact_bases/{BASE}/contacts/900.json",
        json={"contact": {"name": "Иван И."}},
        headers=header(org),
    )
    assert (changed.status_code, changed.json()["id"]) == (200, 900)
    for lane in (client, full_lane):
        made = await lane.post(
            f"/api/contact_bases/{BASE}/contacts.json",
            json={"contact": {"name": "Новый"}},
            headers=header(org),
        )
        assert made.status_code == 201, made.text
        new_id = made.json()["id"]
        assert made.headers["location"].endswith(
            f"/api/contact_bases/{BASE}/contacts/{new_id}.json"
        )
        # A contact without an Obzvonilka id keeps its hub id.
        again = await lane.get(f"/api/contact_bases/{BASE}/contacts/{new_id}", headers=header(org))
        assert again.json()["name"] == "Новый"
    plain = await client.get(
        f"/api/contact_bases/{bases['Прочие']}/contacts/{people['Пётр']}.json", params=key(org)
    )
    assert plain.json()["id"] == people["Пётр"]


async def test_a_hub_id_of_a_record_with_an_obzvonilka_id_is_not_found(
    client: Client, full_lane: Client, org: Org
) -> None:
    await seed_org(org, DOCUMENT)
    base = (await native_ids(client, org, "/bases"))["Обзвон"]
    contact = (await native_ids(client, org, "/contacts"))["Иван"]
    for lane in (client, full_lane):
        for url in (
            f"/api/contact_bases/{base}.json",
            f"/api/contact_bases/{base}/contacts.json",
            f"/api/contact_bases/{BASE}/contacts/{contact}.json",
            f"/api/contact_bases/{BASE}/contacts/{contact}",
        ):
            answer = await lane.get(url, headers=header(org))
            assert (answer.status_code, answer.json()) == (404, NOT_FOUND), url
        made = await lane.post(
            f"/api/contact_bases/{base}/contacts.json",
            json={"contact": {"name": "X"}},
            headers=header(org),
        )
        assert made.status_code == 404


async def test_an_absorbed_contacts_obzvonilka_id_answers_the_survivor(
    client: Client, org: Org
) -> None:
    base = await native_post(
        client, org, "/bases", {"name": "Б", "vendor_ids": {"obzvonilka": BASE}}
    )
    keep = await native_post(
        client,
        org,
        "/contacts",
        {"name": "Иван", "base_id": base["id"], "vendor_ids": {"obzvonilka": 7}},
    )
    gone = await native_post(
        client,
        org,
        "/contacts",
        {"name": "И.", "base_id": base["id"], "vendor_ids": {"obzvonilka": 8}},
    )
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [gone["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    for written in (7, 8):
        got = await client.get(f"/api/contact_bases/{BASE}/contacts/{written}", headers=header(org))
        assert (got.status_code, got.json()["id"], got.json()["name"]) == (200, 7, "Иван")


async def test_another_organizations_obzvonilka_ids_are_never_reached(
    client: Client, org: Org, other_org: Org
) -> None:
    await seed_org(other_org, DOCUMENT)
    for url in (
        f"/api/contact_bases/{BASE}.json",
        f"/api/contact_bases/{BASE}/contacts.json",
        f"/api/contact_bases/{BASE}/contacts/900.json",
        f"/api/contact_bases/{BASE}/contacts/900",
        f"/api/contact_bases/{BASE}/contacts/find_by_external/A1.json",
    ):
        answer = await client.get(url, headers=header(org))
        assert answer.status_code == 404, url
    made = await client.post(
        f"/api/contact_bases/{BASE}/contacts.json",
        json={"contact": {"name": "X"}},
        headers=header(org),
    )
    assert made.status_code == 404
