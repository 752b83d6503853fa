"""Watbot's own ids at its edge: an integration that kept the vendor's bot 72975 and its contact
ids works after the switch (contacthub.dialects.watbot.ids, contacthub.core.vendor_ids)."""

from __future__ import annotations

import httpx
from httpx import AsyncClient as Client

from tests.dialects.watbot.support import call, data, invalid
from tests.factories import Org, native_ids, native_post, seed_org

API = "/api/hub/v1"
BOT = 72975
VARIABLE = 16497876867449


def _missing(answer: httpx.Response) -> None:
    assert answer.status_code == 404, answer.text


async def test_a_seeded_bot_and_contact_are_addressed_by_their_watbot_ids(
    client: Client, org: Org
) -> None:
    await seed_org(
        org,
        {
            "bots": [{"name": "Bot", "vendor_ids": {"watbot": BOT}}, {"name": "Plain"}],
            "contacts": [
                {
                    "name": "Иван",
                    "phones": ["+79991234567"],
                    "bot": "Bot",
                    "tags": ["VIP"],
                    "vendor_ids": {"watbot": 118},
                },
                {"name": "Пётр", "phones": ["+79991234568"], "bot": "Plain"},
            ],
        },
    )
    bots = await native_ids(client, org, "/bots")
    people = await native_ids(client, org, "/contacts")

    page = data(await call(client, "getContacts", org.token, {"bot_id": BOT}))
    assert [(item["id"], item["bot_id"], item["name"]) for item in page] == [(118, BOT, "Иван")]
    everyone = data(await call(client, "getContacts", org.token))
    assert [(item["id"], item["bot_id"]) for item in everyone] == [
        (118, BOT),
        (people["Пётр"], bots["Plain"]),
    ]
    links = (await call(client, "getContacts", org.token, {"bot_id": BOT})).json()["links"]
    assert f"bot_id={BOT}" in links["first"]
    me = data(await call(client, "getMe", org.token))
    assert me["bots"] == [{"id": BOT, "name": "Bot"}, {"id": bots["Plain"], "name": "Plain"}]
    assert data(await call(client, "getBotTags", org.token, {"bot_id": BOT})) == ["VIP"]
    assert data(await call(client, "getContactTags", org.token, {"contact_id": 118})) == ["VIP"]
    attached = await call(
        client, "attachTagToContact", org.token, {"contact_id": 118, "name": "Горячий"}
    )
    assert data(attached) == ["VIP", "Горячий"]
    detached = await call(
        client, "detachTagFromContact", org.token, {"contact_id": 118, "name": "VIP"}
    )
    assert data(detached) == ["Горячий"]

    # The upsert finds the contact by its messenger identity under bot 72975 and answers with
    # the Watbot ids; a new contact (no Watbot id) answers its hub id.
    sent = {"bot_id": BOT, "messenger": "whatsapp", "name": "Иван И.", "phone": "79991234567"}
    updated = data(await call(client, "createOrUpdateContact", org.token, sent, transport="json"))
    assert (updated["id"], updated["bot_id"], updated["name"]) == (118, BOT, "Иван И.")
    new = {"bot_id": BOT, "messenger": "telegram", "name": "Новый", "telegram_id": "555"}
    created = data(
        await call(client, "createOrUpdateContact", org.token, new, transport="json"), 201
    )
    assert created["bot_id"] == BOT
    assert created["id"] not in (118, people["Иван"])
    assert isinstance(created["id"], int)

    # A record without a Watbot id keeps its hub id.
    plain = data(await call(client, "getContactTags", org.token, {"contact_id": people["Пётр"]}))
    assert plain == []
    assert data(await call(client, "getBotTags", org.token, {"bot_id": bots["Plain"]})) == []


async def test_a_hub_id_of_a_record_with_a_watbot_id_is_not_found(client: Client, org: Org) -> None:
    await seed_org(
        org,
        {
            "bots": [{"name": "Bot", "vendor_ids": {"watbot": BOT}}],
            "contacts": [{"name": "Иван", "bot": "Bot", "vendor_ids": {"watbot": 118}}],
        },
    )
    bot = (await native_ids(client, org, "/bots"))["Bot"]
    contact = (await native_ids(client, org, "/contacts"))["Иван"]
    _missing(await call(client, "getContacts", org.token, {"bot_id": bot}))
    _missing(await call(client, "getBotTags", org.token, {"bot_id": bot}))
    _missing(await call(client, "getContactTags", org.token, {"contact_id": contact}))
    _missing(await call(client, "getContactVariables", org.token, {"contact_id": contact}))
    sent = {"bot_id": bot, "messenger": "telegram", "name": "X", "telegram_id": "1"}
    refused = invalid(await call(client, "createOrUpdateContact", org.token, sent))
    assert refused == {"bot_id": ["Выбранное значение для bot id некорректно."]}


async def test_variables_speak_watbot_ids_in_both_lanes(
    client: Client, full_lane: Client, org: Org
) -> None:
    field = await native_post(
        client, org, "/fields", {"name": "Город", "vendor_ids": {"watbot": VARIABLE}}
    )
    plain = await native_post(client, org, "/fields", {"name": "Район"})
    await native_post(
        client,
        org,
        "/contacts",
        {"name": "Иван", "fields": {"Район": "Центр"}, "vendor_ids": {"watbot": 118}},
    )
    by_id = {"contact_id": 118, "id": VARIABLE, "value": "Москва"}
    saved = data(await call(client, "setContactVariable", org.token, by_id, transport="form"))
    assert saved["id"] == saved["variable"]["id"] == VARIABLE
    assert saved["value"] == "Москва"
    expected = [
        {"id": plain["id"], "name": "Район", "value": "Центр"},
        {"id": VARIABLE, "name": "Город", "value": "Москва"},
    ]
    for lane in (client, full_lane):
        listed = await call(lane, "getContactVariables", org.token, {"contact_id": 118})
        shown = [{k: item[k] for k in ("id", "name", "value")} for item in data(listed)]
        assert sorted(shown, key=lambda item: item["name"]) == sorted(
            expected, key=lambda item: item["name"]
        )
    hot = await client.get(f"/api/v1/getContactVariables?api_token={org.token}&contact_id=118")
    full = await full_lane.get(f"/api/v1/getContactVariables?api_token={org.token}&contact_id=118")
    assert hot.content == full.content
    # The variable's hub id is not its id in Watbot.
    by_hub = {"contact_id": 118, "id": field["id"], "value": "Тверь"}
    for lane in (client, full_lane):
        _missing(await call(lane, "setContactVariable", org.token, by_hub, transport="json"))
    removed = await call(
        client, "deleteContactVariable", org.token, {"contact_id": 118, "id": VARIABLE}
    )
    assert [item["id"] for item in data(removed)] == [plain["id"]]


async def test_an_absorbed_contacts_watbot_id_answers_the_survivor(
    client: Client, org: Org
) -> None:
    keep = await native_post(
        client, org, "/contacts", {"name": "Иван", "tags": ["a"], "vendor_ids": {"watbot": 200}}
    )
    gone = await native_post(
        client, org, "/contacts", {"name": "Иван П.", "tags": ["b"], "vendor_ids": {"watbot": 118}}
    )
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [gone["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    assert data(await call(client, "getContactTags", org.token, {"contact_id": 118})) == ["a", "b"]
    saved = await call(
        client, "setContactVariable", org.token, {"contact_id": 118, "name": "x", "value": "1"}
    )
    assert data(saved)["value"] == "1"
    listed = data(await call(client, "getContactVariables", org.token, {"contact_id": 200}))
    assert [item["name"] for item in listed] == ["x"]
    assert [item["id"] for item in data(await call(client, "getContacts", org.token))] == [200]
    # The absorbed contact's hub id follows the survivor too; the hub id of the survivor, known
    # by its Watbot id, does not.
    _missing(await call(client, "getContactTags", org.token, {"contact_id": keep["id"]}))


async def test_a_survivor_without_a_watbot_id_takes_the_absorbed_ones(
    client: Client, org: Org
) -> None:
    keep = await native_post(client, org, "/contacts", {"name": "Иван"})
    gone = await native_post(
        client, org, "/contacts", {"name": "И.", "vendor_ids": {"watbot": 118}}
    )
    merged = await client.post(
        f"{API}/contacts/{keep['id']}/merge", json={"from": [gone["id"]]}, headers=org.auth
    )
    assert merged.status_code == 200, merged.text
    assert [item["id"] for item in data(await call(client, "getContacts", org.token))] == [118]


async def test_another_organizations_watbot_ids_are_never_reached(
    client: Client, org: Org, other_org: Org
) -> None:
    document = {
        "bots": [{"name": "Bot", "vendor_ids": {"watbot": BOT}}],
        "fields": [{"name": "Город"}],
        "contacts": [{"name": "Чужой", "bot": "Bot", "vendor_ids": {"watbot": 118}}],
    }
    await seed_org(other_org, document)
    for method, params in [
        ("getContacts", {"bot_id": BOT}),
        ("getBotTags", {"bot_id": BOT}),
        ("getContactTags", {"contact_id": 118}),
        ("getContactVariables", {"contact_id": 118}),
        ("attachTagToContact", {"contact_id": 118, "name": "x"}),
        ("setContactVariable", {"contact_id": 118, "name": "x", "value": "1"}),
        ("deleteContactVariable", {"contact_id": 118, "name": "Город"}),
    ]:
        _missing(await call(client, method, org.token, params))
    sent = {"bot_id": BOT, "messenger": "telegram", "name": "X", "telegram_id": "1"}
    assert "bot_id" in invalid(await call(client, "createOrUpdateContact", org.token, sent))
    # The same ids in this organization name its own records.
    await seed_org(
        org,
        {**document, "contacts": [{"name": "Свой", "bot": "Bot", "vendor_ids": {"watbot": 118}}]},
    )
    page = data(await call(client, "getContacts", org.token, {"bot_id": BOT}))
    assert [(item["id"], item["name"]) for item in page] == [(118, "Свой")]
