"""Black and white lists through /api/hub/v1/lists, and the phone lookup."""

from __future__ import annotations

from httpx import AsyncClient

from tests.factories import Org, make_contact, make_list

API = "/api/hub/v1"


async def test_list_lifecycle_and_blocking(client: AsyncClient, org: Org) -> None:
    body = {
        "name": "Черный список 1",
        "type": "black",
        "entries": [{"name": "Спамер", "phones": ["79998887700", "+7 999 222-33-00"]}],
    }
    created = await client.post(f"{API}/lists", json=body, headers=org.auth)
    assert created.status_code == 201, created.text
    found = created.json()
    assert found["type"] == "black"
    assert found["entries"][0]["phones"][1] == {
        "number": "+7 999 222-33-00",
        "e164": "+79992223300",
        "remark": None,
    }

    for written in ("89992223300", "79992223300", "+7 (999) 222-33-00"):
        report = (await client.get(f"{API}/phones/{written}", headers=org.auth)).json()
        assert report["blocked"] is True
        assert report["e164"] == "+79992223300"
        assert report["lists"][0]["entry_name"] == "Спамер"

    whitened = await client.patch(
        f"{API}/lists/{found['id']}", json={"type": "white"}, headers=org.auth
    )
    assert whitened.json()["type"] == "white"
    report = (await client.get(f"{API}/phones/89992223300", headers=org.auth)).json()
    assert report["blocked"] is False

    assert (await client.delete(f"{API}/lists/{found['id']}", headers=org.auth)).status_code == 204
    report = (await client.get(f"{API}/phones/89992223300", headers=org.auth)).json()
    assert report["lists"] == []


async def test_entries_add_replace_delete(client: AsyncClient, org: Org) -> None:
    found = await make_list(org, entries={"Первый": ["79990000001"]})
    url = f"{API}/lists/{found.id}/entries"
    added = await client.post(
        url, json={"name": "Второй", "phones": ["79990000002"]}, headers=org.auth
    )
    assert added.status_code == 201
    entry = added.json()
    current = (await client.get(f"{API}/lists/{found.id}", headers=org.auth)).json()
    assert [e["name"] for e in current["entries"]] == ["Первый", "Второй"]

    assert (await client.delete(f"{url}/{entry['id']}", headers=org.auth)).status_code == 204
    assert (await client.delete(f"{url}/{entry['id']}", headers=org.auth)).status_code == 404

    replaced = await client.put(
        url,
        json={"entries": [{"name": "Новый", "phones": ["79990000003", "79990000004"]}]},
        headers=org.auth,
    )
    assert [e["name"] for e in replaced.json()["entries"]] == ["Новый"]
    report = (await client.get(f"{API}/phones/79990000001", headers=org.auth)).json()
    assert report["blocked"] is False


async def test_a_bad_number_leaves_the_list_as_it_was(client: AsyncClient, org: Org) -> None:
    found = await make_list(org, entries={"Первый": ["79990000001"]})
    answer = await client.put(
        f"{API}/lists/{found.id}/entries",
        json={
            "entries": [{"name": "A", "phones": ["79990000005"]}, {"name": "B", "phones": ["x"]}]
        },
        headers=org.auth,
    )
    assert answer.status_code == 422
    assert "contacts.1.phones.0" in answer.json()["errors"]
    current = (await client.get(f"{API}/lists/{found.id}", headers=org.auth)).json()
    assert [e["name"] for e in current["entries"]] == ["Первый"]


async def test_bad_list_bodies(client: AsyncClient, org: Org) -> None:
    for body, status in [
        ({"name": "L", "type": "grey"}, 400),
        ({"name": "", "type": "black"}, 422),
        ({"name": "L", "type": "black", "entries": [{"name": "A", "phones": []}]}, 422),
        ({"name": "L", "type": "black", "entries": [{"name": "", "phones": ["79990000001"]}]}, 422),
    ]:
        answer = await client.post(f"{API}/lists", json=body, headers=org.auth)
        assert answer.status_code == status, (body, answer.text)
    assert (await client.get(f"{API}/lists", headers=org.auth)).json()["items"] == []


async def test_lookup_finds_contacts_in_any_format(client: AsyncClient, org: Org) -> None:
    contact = await make_contact(org, phones=["8 (916) 123-45-67"])
    report = (await client.get(f"{API}/phones/+79161234567", headers=org.auth)).json()
    assert [c["id"] for c in report["contacts"]] == [contact.id]
    assert report["blocked"] is False
    bad = await client.get(f"{API}/phones/not-a-number", headers=org.auth)
    assert bad.status_code == 422
    assert bad.json()["code"] == "phone_invalid"


async def test_lookup_lists_each_contact_once_in_id_order(client: AsyncClient, org: Org) -> None:
    first = await make_contact(org, phones=["8 (916) 123-45-67", "+7 916 123 45 67"])
    await make_contact(org, phones=["+79160000000"])
    second = await make_contact(org, phones=["79161234567"])
    report = (await client.get(f"{API}/phones/+79161234567", headers=org.auth)).json()
    assert [c["id"] for c in report["contacts"]] == [first.id, second.id]
    assert len(report["contacts"][0]["phones"]) == 2  # the number twice, as it was written


async def test_contacts_filtered_by_list(client: AsyncClient, org: Org) -> None:
    listed = await make_contact(org, "В списке", ["79990000001"])
    await make_contact(org, "Не в списке", ["79990000002"])
    found = await make_list(org, entries={"X": ["8 999 000-00-01"]})
    page = (await client.get(f"{API}/contacts?list_id={found.id}", headers=org.auth)).json()
    assert [c["id"] for c in page["items"]] == [listed.id]
