"""Cleaning list entries outside the unit of work, and writing them in bulk on both databases."""

from __future__ import annotations

import pytest

from contacthub.core import lists, lookup
from contacthub.core.lists import EntryDraft
from contacthub.core.phones import normalize_phone
from contacthub.core.scope import Hub
from contacthub.errors import Invalid, NotFound
from tests.factories import Org, make_list


def test_clean_entries_keeps_numbers_as_written_and_in_e164() -> None:
    cleaned = lists.clean_entries(
        "RU", [EntryDraft(name=" A ", phones=[" 8 916 111-11-11", "380501234567"])]
    )
    assert [(e.name, e.phones) for e in cleaned.entries] == [
        ("A", [("8 916 111-11-11", "+79161111111"), ("380501234567", "+380501234567")])
    ]


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (EntryDraft(name="", phones=["79161111111"]), "contacts.1.name"),
        (EntryDraft(name="B", phones=[]), "contacts.1.phones"),
        (EntryDraft(name="B", phones=["79161111111"] * 101), "contacts.1.phones"),
        (EntryDraft(name="B", phones=["79161111111", "abc"]), "contacts.1.phones.1"),
    ],
)
def test_clean_entries_names_the_wrong_field(draft: EntryDraft, field: str) -> None:
    good = EntryDraft(name="A", phones=["79161111111"])
    with pytest.raises(Invalid) as caught:
        lists.clean_entries("RU", [good, draft])
    assert list(caught.value.fields) == [field]


def test_strict_refuses_what_the_plan_lacks_and_lenient_keeps_it() -> None:
    with pytest.raises(Invalid) as caught:
        lists.clean_entries("RU", [EntryDraft(name="A", phones=["+7 000 000-00-00"])])
    assert caught.value.code == "phone_invalid"
    lenient = lists.clean_entries(
        "RU", [EntryDraft(name="A", phones=["+7 000 000-00-00"])], strict=False
    )
    assert lenient.entries[0].phones == [("+7 000 000-00-00", "+70000000000")]


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("79998887766", "+79998887766"),
        ("89998887766", "+79998887766"),
        ("+7 (999) 888-77-66", "+79998887766"),
        ("9998887766", "+79998887766"),
        ("380501234567", "+380501234567"),
        ("+1 202 555 0100", "+12025550100"),
    ],
)
def test_normalize_phone_forms(raw: str, e164: str) -> None:
    assert normalize_phone(raw, "RU") == e164
    assert normalize_phone(raw, "RU", strict=False) == e164


async def test_replace_with_cleaned_entries_writes_every_entry_in_order(hub: Hub, org: Org) -> None:
    made = await make_list(org, "L", "white", {"Old": ["79170000000"]})
    drafts = [
        EntryDraft(name=f"E{i}", phones=[f"7916{i:03d}{j:04d}" for j in range(i % 3 + 1)])
        for i in range(50)
    ]
    cleaned = lists.clean_entries(hub.env.region, drafts)
    async with hub.writing(org.id) as s:
        answer = await lists.replace_list(s, made.id, "L2", "black", cleaned, with_entries=False)
    assert (answer.name, answer.type, answer.entries) == ("L2", "black", None)
    async with hub.reading(org.id) as s:
        found = await lists.get_list(s, made.id)
        assert await lookup.is_blocked(s, "+79160490001")
        assert not await lookup.is_blocked(s, "+79170000000")
    assert found.entries is not None
    assert [entry.name for entry in found.entries] == [f"E{i}" for i in range(50)]
    assert [[p.number for p in entry.phones] for entry in found.entries] == [
        d.phones for d in drafts
    ]


async def test_create_with_cleaned_entries_then_add_one_after_them(hub: Hub, org: Org) -> None:
    cleaned = lists.clean_entries(
        "RU",
        [
            EntryDraft(name="A", phones=["79161111111"]),
            EntryDraft(name="B", phones=["79162222222"]),
        ],
    )
    async with hub.writing(org.id) as s:
        made = await lists.create_list(s, "L", "black", cleaned, with_entries=False)
        added = await lists.add_entry(s, made.id, EntryDraft(name="C", phones=["79163333333"]))
    assert made.entries is None
    assert added.name == "C"
    async with hub.reading(org.id) as s:
        found = await lists.get_list(s, made.id)
    assert found.entries is not None
    assert [(e.name, e.phones[0].e164) for e in found.entries] == [
        ("A", "+79161111111"),
        ("B", "+79162222222"),
        ("C", "+79163333333"),
    ]


async def test_a_replace_that_fails_leaves_the_old_list(hub: Hub, org: Org) -> None:
    made = await make_list(org, "L", "black", {"Old": ["79161111111"]})
    cleaned = lists.clean_entries("RU", [EntryDraft(name="New", phones=["79162222222"])])

    async def replace_then_fail() -> None:
        async with hub.writing(org.id) as s:
            await lists.replace_list(s, made.id, "New", "white", cleaned)
            raise RuntimeError("the process dies after the writes, before the commit")

    with pytest.raises(RuntimeError):
        await replace_then_fail()
    async with hub.reading(org.id) as s:
        found = await lists.get_list(s, made.id)
        assert await lookup.is_blocked(s, "+79161111111")
    assert (found.name, found.type) == ("L", "black")
    assert found.entries is not None
    assert [e.name for e in found.entries] == ["Old"]


async def test_replacing_another_organizations_list_is_not_found(
    hub: Hub, org: Org, other_org: Org
) -> None:
    made = await make_list(org, "L", "black", {"Old": ["79161111111"]})
    cleaned = lists.clean_entries("RU", [EntryDraft(name="New", phones=["79162222222"])])
    async with hub.writing(other_org.id) as s:
        with pytest.raises(NotFound):
            await lists.replace_list(s, made.id, "X", "black", cleaned)
    async with hub.reading(org.id) as s:
        found = await lists.get_list(s, made.id)
    assert found.entries is not None
    assert [e.name for e in found.entries] == ["Old"]
