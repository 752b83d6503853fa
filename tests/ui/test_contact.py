"""A contact's page: what it shows, its edit form, delete; what the other APIs see afterwards."""

from __future__ import annotations

import re

import httpx

from tests.factories import Org, give_vendor_id, make_contact, make_list
from tests.ui.support import csrf_of


async def test_the_page_shows_phones_tags_fields_lists_and_vendor_ids(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    contact = await make_contact(
        org, "Пётр Первый", ["8 (916) 123-45-67"], tags=["VIP"], fields={"Город": "Москва"}
    )
    await make_list(org, "Стоп-лист", entries={"Пётр": ["+7 916 123 45 67"]})
    await give_vendor_id(org, "contact", contact.id, "amocrm", "4242")
    page = await signed_in.get(f"/ui/contacts/{contact.id}")
    assert page.status_code == 200
    text = page.text
    assert "8 (916) 123-45-67" in text
    assert "+79161234567" in text
    assert 'value="VIP"' in text
    assert 'value="Город"' in text
    assert 'value="Москва"' in text
    assert "Watbot" in text
    assert "TWIN" in text
    assert "Стоп-лист" in text
    assert "Заблокирован" in text
    assert "amocrm" in text
    assert "4242" in text


async def test_editing_the_form_changes_the_contact_for_every_api(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    contact = await make_contact(org, "Старое имя", ["79160000001"], fields={"Город": "Тверь"})
    page = await signed_in.get(f"/ui/contacts/{contact.id}")
    form = {
        "csrf": csrf_of(page),
        "name": "Новое имя",
        "email": "new@example.com",
        "phone[]": ["79160000001", "8 903 555 44 33", ""],
        "remark[]": ["", "рабочий", ""],
        "tags": "Горячий, VIP",
        "field_name[]": ["Город", "Источник", ""],
        "field_value[]": ["", "Выставка", ""],
    }
    answer = await signed_in.post(f"/ui/contacts/{contact.id}", data=form)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/ui/contacts/{contact.id}?saved=1"
    seen = (await signed_in.get(f"/api/hub/v1/contacts/{contact.id}", headers=org.auth)).json()
    assert seen["name"] == "Новое имя"
    assert seen["email"] == "new@example.com"
    assert [p["e164"] for p in seen["phones"]] == ["+79160000001", "+79035554433"]
    assert seen["phones"][1]["remark"] == "рабочий"
    assert sorted(seen["tags"]) == ["VIP", "Горячий"]
    assert seen["fields"] == {"Источник": "Выставка"}  # the emptied Город is gone


async def test_a_refused_form_comes_back_as_typed_with_422(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    contact = await make_contact(org, "Иван", ["79160000002"])
    page = await signed_in.get(f"/ui/contacts/{contact.id}")
    answer = await signed_in.post(
        f"/ui/contacts/{contact.id}",
        data={"csrf": csrf_of(page), "name": "Иван Грозный", "email": "not an e-mail",
              "phone[]": ["79160000002"], "remark[]": [""]},
    )  # fmt: skip
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert 'value="Иван Грозный"' in answer.text  # what was typed is not lost
    seen = (await signed_in.get(f"/api/hub/v1/contacts/{contact.id}", headers=org.auth)).json()
    assert seen["name"] == "Иван"


async def test_a_new_contact_and_its_deletion(signed_in: httpx.AsyncClient, org: Org) -> None:
    page = await signed_in.get("/ui/contacts/new")
    answer = await signed_in.post(
        "/ui/contacts/new",
        data={"csrf": csrf_of(page), "name": "Сделан в браузере",
              "phone[]": ["+7 999 000 11 22"], "remark[]": [""]},
    )  # fmt: skip
    assert answer.status_code == 303
    found = re.fullmatch(r"/ui/contacts/(\d+)\?saved=1", answer.headers["location"])
    assert found is not None
    contact_id = found.group(1)
    page = await signed_in.get(f"/ui/contacts/{contact_id}")
    assert "Сделан в браузере" in page.text
    assert "+79990001122" in page.text
    gone = await signed_in.post(f"/ui/contacts/{contact_id}/delete", data={"csrf": csrf_of(page)})
    assert gone.status_code == 303
    assert (
        await signed_in.get(f"/api/hub/v1/contacts/{contact_id}", headers=org.auth)
    ).status_code == 404
    assert (await signed_in.get(f"/ui/contacts/{contact_id}")).status_code == 404
    # The page it lands on offers the undo.
    assert gone.headers["location"] == f"/ui/contacts?deleted={contact_id}"
    listing = await signed_in.get(gone.headers["location"])
    assert f'action="/ui/contacts/{contact_id}/restore"' in listing.text
    back = await signed_in.post(
        f"/ui/contacts/{contact_id}/restore", data={"csrf": csrf_of(listing)}
    )
    assert back.status_code == 303
    seen = await signed_in.get(f"/api/hub/v1/contacts/{contact_id}", headers=org.auth)
    assert seen.status_code == 200
    assert seen.json()["phones"][0]["e164"] == "+79990001122"
    again = await signed_in.post(
        f"/ui/contacts/{contact_id}/restore", data={"csrf": csrf_of(listing)}
    )
    assert again.status_code == 409  # only a deleted contact comes back (a live one: conflict)


async def test_another_organizations_contact_is_not_found(
    signed_in: httpx.AsyncClient, other_org: Org
) -> None:
    theirs = await make_contact(other_org, "Чужой", ["79160000003"])
    for url in (
        f"/ui/contacts/{theirs.id}",
        f"/ui/contacts/{theirs.uuid}",
        f"/ui/contacts/{'9' * 30}",
    ):
        answer = await signed_in.get(url)
        assert answer.status_code == 404, url
        assert "Чужой" not in answer.text


async def test_a_suggested_duplicate_is_merged_into_the_contact(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    keep = await make_contact(org, "Мария", ["79160000301"], tags=["A"], fields={"Город": "Тула"})
    other = await make_contact(
        org, "Мария Иванова", ["8 916 000-03-01", "79160000302"], tags=["B"],
        fields={"Город": "Омск", "Источник": "сайт"}, email="maria@example.com",
    )  # fmt: skip
    await give_vendor_id(org, "contact", other.id, "amocrm", "77")
    page = await signed_in.get(f"/ui/contacts/{keep.id}")
    assert f'name="other" value="{other.id}"' in page.text
    merged = await signed_in.post(
        f"/ui/contacts/{keep.id}/merge", data={"csrf": csrf_of(page), "other": str(other.id)}
    )
    assert merged.status_code == 303
    seen = (await signed_in.get(f"/api/hub/v1/contacts/{keep.id}", headers=org.auth)).json()
    assert seen["name"] == "Мария"  # its own values win
    assert seen["email"] == "maria@example.com"  # what it lacked comes over
    assert [p["e164"] for p in seen["phones"]] == ["+79160000301", "+79160000302"]
    assert sorted(seen["tags"]) == ["A", "B"]
    assert seen["fields"] == {"Город": "Тула", "Источник": "сайт"}
    assert seen["vendor_ids"] == {"amocrm": 77}
    # The absorbed contact's id answers the one it was merged into (core/contacts/merge.py).
    absorbed = await signed_in.get(f"/api/hub/v1/contacts/{other.id}", headers=org.auth)
    assert absorbed.json()["id"] == keep.id
    page = await signed_in.get(f"/ui/contacts/{keep.id}")
    refused = await signed_in.post(
        f"/ui/contacts/{keep.id}/merge", data={"csrf": csrf_of(page), "other": str(keep.id)}
    )
    assert refused.status_code == 422


async def test_another_organizations_contact_is_not_merged(
    signed_in: httpx.AsyncClient, org: Org, other_org: Org
) -> None:
    mine = await make_contact(org, "Мой", ["79160000401"])
    theirs = await make_contact(other_org, "Чужой", ["79160000401"])
    page = await signed_in.get(f"/ui/contacts/{mine.id}")
    assert "Чужой" not in page.text  # not suggested across organizations
    answer = await signed_in.post(
        f"/ui/contacts/{mine.id}/merge", data={"csrf": csrf_of(page), "other": str(theirs.id)}
    )
    assert answer.status_code == 422  # a contact to merge that this organization does not have
    theirs_seen = await signed_in.get(f"/api/hub/v1/contacts/{theirs.id}", headers=other_org.auth)
    assert theirs_seen.status_code == 200
