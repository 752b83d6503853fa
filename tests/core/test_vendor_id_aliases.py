"""Vendor ids outlive their record's merge and delete as aliases (core/vendor_ids.py): a stored id
answers the survivor (along chains, after the purge), or "not found" for a deleted record, and
never the record that has the same number as its hub id. Writes go through /api/hub/v1; what a
dialect's written id names is read with ``vendor_ids.resolve``, the rule every dialect's edge
applies."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from contacthub.core import vendor_ids
from contacthub.core.contacts import lifecycle
from contacthub.core.contacts.reads import contact_id_of
from contacthub.core.vendor_systems import SYSTEMS
from contacthub.errors import NotFound
from tests.factories import Org
from tests.support import TestClock

API = "/api/hub/v1"
TWIN_A = "35e45a67-0000-4000-8000-00000000000a"
TWIN_S = "35e45a67-0000-4000-8000-00000000000b"


async def _create(client: AsyncClient, org: Org, body: dict[str, Any]) -> Any:
    answer = await client.post(f"{API}/contacts", json=body, headers=org.auth)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _merge(client: AsyncClient, org: Org, survivor: int, absorbed: int) -> Any:
    answer = await client.post(
        f"{API}/contacts/{survivor}/merge", json={"from": [absorbed]}, headers=org.auth
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def _names(org: Org, system: str, written: object) -> int | str:
    """What a dialect of ``system`` reaches with ``written``: the live contact's id, or 404."""
    async with org.hub.reading(org.id) as s:
        ref = await vendor_ids.resolve(s, system, "contact", str(written))
        try:
            return await contact_id_of(s, ref)
        except NotFound:
            return 404


async def test_absorbed_vendor_ids_answer_the_survivor_never_a_hub_id(
    client: AsyncClient, org: Org, other_org: Org, clock: TestClock
) -> None:
    clock.freeze()
    bystander = await _create(client, org, {"name": "Посторонний"})
    # The absorbed contact's ids in every system; its Watbot id is the bystander's hub id.
    absorbed_ids = {
        "watbot": bystander["id"],
        "obzvonilka": "A-17",
        "twin": TWIN_A,
        "plusofon": 7001,
    }
    absorbed = await _create(client, org, {"name": "Поглощённый", "vendor_ids": absorbed_ids})
    own = {"watbot": 424242, "obzvonilka": "S-1", "twin": TWIN_S, "plusofon": 7002}
    survivor = await _create(client, org, {"name": "Выживший", "vendor_ids": own})
    merged = await _merge(client, org, survivor["id"], absorbed["id"])
    assert merged["vendor_ids"] == own  # answers carry the survivor's own ids
    for system in SYSTEMS:
        assert await _names(org, system, absorbed_ids[system]) == survivor["id"], system
        assert await _names(org, system, own[system]) == survivor["id"], system
    # The bystander keeps its own hub id in the native API; another organization's resolution
    # is its own (the number is only a hub id there).
    assert (await client.get(f"{API}/contacts/{bystander['id']}", headers=org.auth)).is_success
    assert await _names(other_org, "watbot", bystander["id"]) == 404
    # While it names the survivor, no other contact may be given it.
    taken = await client.post(
        f"{API}/contacts",
        json={"name": "Третий", "vendor_ids": {"obzvonilka": "A-17"}},
        headers=org.auth,
    )
    assert (taken.status_code, taken.json()["code"]) == (409, "vendor_id_taken")

    # A chain: the survivor is absorbed in turn by a contact with only a TWIN id of its own.
    final = await _create(client, org, {"name": "Последний", "vendor_ids": {"twin": TWIN_A[:-1]}})
    last = await _merge(client, org, final["id"], survivor["id"])
    # It takes over the systems it had no id in, the survivor's own ones.
    assert last["vendor_ids"] == {**own, "twin": TWIN_A[:-1]}
    for system in SYSTEMS:
        assert await _names(org, system, absorbed_ids[system]) == final["id"], system
        assert await _names(org, system, own[system]) == final["id"], system

    # Past the restore window the absorbed rows are purged; the aliases stay.
    clock.advance(days=31)
    assert await lifecycle.purge_deleted(org.hub, clock(), restore_days=30) == 2
    for system in SYSTEMS:
        assert await _names(org, system, absorbed_ids[system]) == final["id"], system

    # An erase takes the person's identifiers with it: the ids name no record of theirs.
    erased = await client.post(f"{API}/contacts/{final['id']}/erase", headers=org.auth)
    assert erased.status_code == 204, erased.text
    assert await _names(org, "obzvonilka", "A-17") == 404
    assert await _names(org, "twin", TWIN_S) == 404


async def test_a_deleted_records_vendor_id_answers_not_found_until_given_again(
    client: AsyncClient, org: Org
) -> None:
    bystander = await _create(client, org, {"name": "Посторонний"})
    gone = await _create(
        client, org, {"name": "Удалённый", "vendor_ids": {"watbot": bystander["id"]}}
    )
    assert await _names(org, "watbot", bystander["id"]) == gone["id"]
    deleted = await client.delete(f"{API}/contacts/{gone['id']}", headers=org.auth)
    assert deleted.status_code == 204
    # Not the bystander, whose hub id the number is: the id named a contact that is gone.
    assert await _names(org, "watbot", bystander["id"]) == 404
    # Restored: the stored id reaches it again; it is no longer its own (answers: its hub id).
    restored = await client.post(f"{API}/contacts/{gone['id']}/restore", headers=org.auth)
    assert restored.json()["vendor_ids"] == {}
    assert await _names(org, "watbot", bystander["id"]) == gone["id"]
    await client.delete(f"{API}/contacts/{gone['id']}", headers=org.auth)
    # A deleted record's id can be given to another record, which it names then.
    given = await client.patch(
        f"{API}/contacts/{bystander['id']}",
        json={"vendor_ids": {"watbot": bystander["id"]}},
        headers=org.auth,
    )
    assert given.status_code == 200, given.text
    assert await _names(org, "watbot", bystander["id"]) == bystander["id"]


async def test_a_deleted_bots_vendor_id_names_nothing(client: AsyncClient, org: Org) -> None:
    bot = await client.post(
        f"{API}/bots", json={"name": "Продажи", "vendor_ids": {"watbot": 72975}}, headers=org.auth
    )
    bot_id = bot.json()["id"]
    assert (await client.delete(f"{API}/bots/{bot_id}", headers=org.auth)).status_code == 204
    async with org.hub.reading(org.id) as s:
        assert await vendor_ids.resolve(s, "watbot", "bot", "72975") == bot_id
    again = await client.post(
        f"{API}/bots", json={"name": "Новый", "vendor_ids": {"watbot": 72975}}, headers=org.auth
    )
    assert again.status_code == 201, again.text
    async with org.hub.reading(org.id) as s:
        assert await vendor_ids.resolve(s, "watbot", "bot", "72975") == again.json()["id"]
