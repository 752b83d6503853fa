"""An integrator's test suite, with contacthub standing in for the vendors.

Nothing here is contacthub's own test code: it is what a team that integrates with Obzvonilka
and Watbot writes, with ``pip install contacthub[testing]`` and no conftest. The fixtures come
from the plugin: ``contacthub_server`` (one server for the session) and ``contacthub_org`` (a
fresh organization per test). Run it with ``pytest examples/pytest-plugin``.
"""

from __future__ import annotations

import time

import httpx


def get_contacts_with_retry(url: str, token: str, attempts: int = 3) -> httpx.Response:
    """The integrator's code under test: Watbot's getContacts, retried on 429 and 5xx."""
    for _ in range(attempts):
        answer = httpx.get(f"{url}/api/v1/getContacts", params={"api_token": token})
        if answer.status_code == 429:
            time.sleep(float(answer.headers.get("Retry-After", "1")))
            continue
        if answer.status_code < 500:
            return answer
    return answer


def test_an_obzvonilka_create_reaches_the_vendor(contacthub_org):
    contacthub_org.seed({"bases": [{"name": "Leads"}]})
    bases = httpx.get(
        f"{contacthub_org.url}/api/contact_bases.json", headers={"X-API-KEY": contacthub_org.token}
    ).json()
    base_id = bases[0]["id"]

    answer = httpx.post(
        f"{contacthub_org.url}/api/contact_bases/{base_id}/contacts.json",
        headers={"X-API-KEY": contacthub_org.token},
        json={"contact": {"name": "Иван", "phone1": "79161234567"}},
    )

    assert answer.status_code == 201
    [sent] = contacthub_org.requests(dialect="obzvonilka", method="POST")
    assert sent["path"] == f"/api/contact_bases/{base_id}/contacts.json"
    assert "Иван" in sent["body"]
    assert sent["headers"]["x-api-key"] == "[redacted]"
    assert sent["status"] == 201


def test_a_watbot_failure_is_retried(contacthub_org):
    contacthub_org.seed({"contacts": [{"name": "Пётр", "phones": ["79161234567"]}]})
    contacthub_org.fault(dialect="watbot", path="/api/v1/getContacts", status=500, times=1)

    answer = get_contacts_with_retry(contacthub_org.url, contacthub_org.token)

    assert answer.status_code == 200
    assert [c["name"] for c in answer.json()["data"]] == ["Пётр"]
    statuses = [entry["status"] for entry in contacthub_org.requests(path="/api/v1/getContacts")]
    assert statuses == [200, 500]  # newest first


def test_watbots_fault_looks_like_watbot(contacthub_org):
    contacthub_org.fault(dialect="watbot", status=500)

    answer = httpx.get(f"{contacthub_org.url}/api/v1/getMe", params={"api_token": contacthub_org.token})

    assert answer.status_code == 500
    assert answer.json() == {"message": "Server Error"}


def test_watbots_rate_limit_is_respected(contacthub_org):
    contacthub_org.limit("watbot", per_second=2)
    url, token = contacthub_org.url, contacthub_org.token
    statuses = [
        httpx.get(f"{url}/api/v1/getMe", params={"api_token": token}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]

    assert get_contacts_with_retry(url, token).status_code == 200


def test_reset_between_scenarios(contacthub_org):
    contacthub_org.seed("tags: [VIP]\ncontacts:\n  - name: Анна\n    tags: [VIP]\n")
    auth = {"Authorization": f"Bearer {contacthub_org.token}"}
    assert httpx.get(f"{contacthub_org.url}/api/hub/v1/contacts", headers=auth).json()["items"]

    contacthub_org.reset()

    assert contacthub_org.requests() == []  # the journal went with the data
    assert httpx.get(f"{contacthub_org.url}/api/hub/v1/contacts", headers=auth).json()["items"] == []
