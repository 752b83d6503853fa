"""Another company's token on this company's ids: 404 like ids that do not exist, no change."""

from __future__ import annotations

from httpx import AsyncClient as Client

from contacthub.core import contact_fields, fields
from contacthub.core.scope import Hub
from tests.dialects.twin.conftest import Operator
from tests.factories import make_contact

ATTRIBUTES = "/api/v1/clients/attributes"


async def test_another_company_sees_and_changes_nothing(
    client: Client, hub: Hub, operator: Operator, stranger: Operator
) -> None:
    contact = await make_contact(operator.org, fields={"Возраст": "42"})
    async with hub.reading(operator.org.id) as s:
        attribute = (await fields.list_fields(s))[0].uuid
    values = f"/api/v1/clients/{contact.uuid}/attributes"

    listed = await client.get(ATTRIBUTES, headers=stranger.auth)
    assert listed.json() == {"count": 0, "items": []}
    for method, url, body in [
        ("GET", values, None),
        ("POST", f"{values}/{attribute}", {"value": "7"}),
        ("DELETE", f"{values}/{attribute}", None),
        ("PATCH", f"{ATTRIBUTES}/{attribute}", {"name": "Чужое"}),
        ("DELETE", f"{ATTRIBUTES}/{attribute}", None),
    ]:
        answer = await client.request(method, url, json=body, headers=stranger.auth)
        assert answer.status_code == 404, (method, url, answer.text)
        assert set(answer.json()) == {"error"}

    # The stranger's own attribute on this company's client: still no client.
    own = await client.post(ATTRIBUTES, json={"name": "Возраст"}, headers=stranger.auth)
    assert own.status_code == 200  # names are per company
    crossed = await client.post(
        f"{values}/{own.json()['id']}", json={"value": "7"}, headers=stranger.auth
    )
    assert crossed.status_code == 404

    async with hub.reading(operator.org.id) as s:
        assert [f.name for f in await fields.list_fields(s)] == ["Возраст"]
        kept = await contact_fields.contact_values(s, contact.id)
    assert [(v.field.uuid, v.value) for v in kept] == [(attribute, "42")]
    mine = await client.get(values, headers=operator.auth)
    assert mine.json()["count"] == 1
