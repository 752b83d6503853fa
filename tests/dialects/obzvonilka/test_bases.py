"""GET /api/contact_bases.json and /api/contact_bases/{id}.json; no writes."""

from __future__ import annotations

import pytest
from httpx import AsyncClient as Client

from contacthub.core import bases
from tests.dialects.obzvonilka.support import NOT_FOUND, base_json, header, key
from tests.factories import Org, make_base


async def test_list_is_a_bare_array_with_every_documented_attribute(
    client: Client, org: Org, other_org: Org
) -> None:
    await make_base(org, "Холодные звонки", remark="Москва")
    second = await make_base(org, "Повторные")
    await make_base(other_org, "Чужая")
    async with org.hub.writing(org.id) as s:
        await bases.update_base(
            s,
            second.id,
            bases.BaseDraft(
                deleted=True,
                select_from_last=True,
                use_predictive_call=True,
                parser_name="csv",
                parser_settings='{"sep":";"}',
                auto_open_window_params="card",
            ),
        )

    answer = await client.get("/api/contact_bases.json", params=key(org))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == [
        base_json(1, "Холодные звонки", remark="Москва"),
        base_json(
            2,
            "Повторные",
            deleted=True,
            select_from_last=True,
            use_predictive_call=True,
            parser_name="csv",
            parser_settings='{"sep":";"}',
            auto_open_window_params="card",
        ),
    ]
    # The document's attribute order, as the vendor's serializer writes it.
    assert list(answer.json()[0]) == [
        "id",
        "auto_open_window_params",
        "deleted",
        "name",
        "parser_name",
        "parser_settings",
        "remark",
        "select_from_last",
        "use_predictive_call",
    ]


async def test_an_organization_without_bases_gets_an_empty_array(client: Client, org: Org) -> None:
    answer = await client.get("/api/contact_bases.json", headers=header(org))
    assert answer.status_code == 200
    assert answer.json() == []


@pytest.mark.parametrize("path", ["/api/contact_bases/1.json", "/api/contact_bases/1"])
async def test_show_one_base(client: Client, org: Org, path: str) -> None:
    await make_base(org, "База 1", remark="примечание")
    answer = await client.get(path, params=key(org))
    assert answer.status_code == 200
    assert answer.json() == base_json(1, "База 1", remark="примечание")


@pytest.mark.parametrize(
    "segment", ["2.json", "abc.json", "1.xml", "99999999999999999999.json", "9223372036854775807"]
)
async def test_a_base_that_does_not_exist_is_a_rails_404(
    client: Client, org: Org, segment: str
) -> None:
    await make_base(org)
    answer = await client.get(f"/api/contact_bases/{segment}", params=key(org))
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/contact_bases.json"),
        ("POST", "/api/contact_bases"),
        ("PATCH", "/api/contact_bases/1.json"),
        ("PUT", "/api/contact_bases/1.json"),
        ("DELETE", "/api/contact_bases/1.json"),
        ("DELETE", "/api/contact_bases/1/contacts/1.json"),
        ("GET", "/api/contact_bases/1/unknown.json"),
    ],
)
async def test_changing_bases_is_an_unknown_route_and_changes_nothing(
    client: Client, org: Org, method: str, path: str
) -> None:
    await make_base(org, "База 1")
    answer = await client.request(
        method, path, params=key(org), data={"contact_base[name]": "Новая"}
    )
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND
    listed = await client.get("/api/contact_bases.json", params=key(org))
    assert listed.json() == [base_json(1, "База 1")]
