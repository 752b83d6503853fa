"""Each vendor dialect's own OpenAPI document (/openapi/<vendor>.json, dialects.vendor_docs):
every route in it with the verbs it takes, the vendor's credentials, parameters and errors.

What the answers do against these documents: tests/reliability/test_conformance_vendors.py.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from httpx import AsyncClient
from litestar import Litestar, get

from contacthub.app import default_dialects
from contacthub.dialects.obzvonilka import schemas as obzvonilka_wire
from contacthub.dialects.plusofon import schemas as plusofon_wire
from contacthub.dialects.twin import schemas as twin_wire
from contacthub.dialects.vendor_docs import BODY_VERBS, build
from contacthub.dialects.watbot import schemas as watbot_wire
from contacthub.dialects.watbot import watbot_dialect
from contacthub.dialects.watbot.openapi import WATBOT_DOC

DOCUMENTED = {dialect.name: dialect for dialect in default_dialects() if dialect.docs is not None}
UNDOCUMENTED_VERBS = {"OPTIONS", "HEAD"}


async def _document(client: AsyncClient, vendor: str) -> dict[str, Any]:
    answer = await client.get(f"/openapi/{vendor}.json")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    document: dict[str, Any] = answer.json()
    return document


def test_the_documented_vendors() -> None:
    assert set(DOCUMENTED) == {"watbot", "obzvonilka", "twin", "plusofon"}


@pytest.mark.parametrize("vendor", sorted(DOCUMENTED))
async def test_every_route_of_the_vendor_is_in_its_document_with_its_verbs(
    client: AsyncClient, app: Litestar, vendor: str
) -> None:
    document = await _document(client, vendor)
    claims = DOCUMENTED[vendor].claims
    served: dict[str, set[str]] = {}
    for route in app.routes:
        if claims(route.path) and route.path.startswith("/api"):
            template = route.path.replace(":int}", "}").replace(":str}", "}")
            served.setdefault(template, set()).update(route.methods - UNDOCUMENTED_VERBS)
    documented = {path: {verb.upper() for verb in item} for path, item in document["paths"].items()}
    assert documented == served
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_a_route_without_a_declaration_stops_the_document() -> None:
    @get("/getSomethingNew", sync_to_thread=False)
    def extra() -> None:
        """A method added without a doc entry."""

    router = watbot_dialect().router  # a fresh one: the app's is not touched
    build(router, WATBOT_DOC, version="0")  # complete as it is
    router.register(extra)
    with pytest.raises(LookupError, match="getSomethingNew"):
        build(router, WATBOT_DOC, version="0")


async def test_watbot_methods_appear_once_each_with_the_verbs_they_take(
    client: AsyncClient,
) -> None:
    document = await _document(client, "watbot")
    assert len(document["paths"]) == 10
    for path, item in document["paths"].items():
        assert set(item) == {"get", "post", "put", "patch", "delete"}, path
        for verb, operation in item.items():
            in_body = verb.upper() in BODY_VERBS
            assert ("requestBody" in operation) == in_body, (path, verb)


async def test_watbot_credentials_are_the_vendors(client: AsyncClient) -> None:
    document = await _document(client, "watbot")
    schemes = document["components"]["securitySchemes"]
    assert schemes["api_token"] == {"type": "apiKey", "in": "query", "name": "api_token"}
    assert schemes["bearer"]["scheme"] == "bearer"
    assert document["security"] == [{"api_token": []}, {"bearer": []}]
    body = document["paths"]["/api/v1/setContactVariable"]["post"]["requestBody"]["content"]
    form = body["application/x-www-form-urlencoded"]["schema"]
    assert "api_token" in form["properties"]  # the token in a form field, as Laravel reads it
    assert "api_token" not in form.get("required", [])
    assert set(form["required"]) == {"contact_id", "value"}
    # A multipart form is read as the urlencoded one; the query string too, the body winning.
    assert set(body) == {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/json",
    }
    assert body["multipart/form-data"] == body["application/x-www-form-urlencoded"]
    query = document["paths"]["/api/v1/setContactVariable"]["post"]["parameters"]
    assert {p["name"] for p in query} == {"contact_id", "name", "id", "value", "deletable"}
    assert not any(p.get("required") for p in query)  # either place may carry them


async def test_watbot_parameters_are_the_ones_its_handlers_read(client: AsyncClient) -> None:
    document = await _document(client, "watbot")
    listing = document["paths"]["/api/v1/getContacts"]["get"]["parameters"]
    by_name = {p["name"]: p for p in listing}
    assert by_name["count"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert by_name["page"]["schema"]["minimum"] == 1
    assert {"filters[telegram_id]", "filters[phone]", "bot_id", "date_from"} <= set(by_name)
    assert all(p["in"] == "query" for p in listing)
    create = document["paths"]["/api/v1/createOrUpdateContact"]["post"]
    form = create["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form["properties"]["tags[]"]["type"] == "array"
    assert set(form["required"]) == {"bot_id", "messenger", "name"}
    assert set(create["responses"]) >= {"200", "201", "401", "422"}


async def test_watbot_errors_are_its_laravel_struct(client: AsyncClient) -> None:
    document = await _document(client, "watbot")
    (expected,), components = msgspec.json.schema_components(
        [watbot_wire.LaravelError], ref_template="#/components/schemas/{name}"
    )
    assert document["components"]["schemas"]["LaravelError"] == components["LaravelError"]
    answers = document["paths"]["/api/v1/getContactTags"]["get"]["responses"]
    for status in ("401", "404", "422", "429", "503"):
        assert answers[status]["content"]["application/json"]["schema"] == expected, status
    # What the dialect answers is that Struct: a 401 decodes into it, and a 422 with its errors.
    refused = await _raw(client, "/api/v1/getContactTags?api_token=nope")
    assert msgspec.convert(refused, watbot_wire.LaravelError).message == "Unauthenticated."


async def _raw(client: AsyncClient, url: str) -> Any:
    return (await client.get(url)).json()


async def test_docs_list_each_vendor_document(client: AsyncClient) -> None:
    page = (await client.get("/docs")).text
    assert '"url": "/openapi.json"' in page
    for vendor, dialect in DOCUMENTED.items():
        assert dialect.docs is not None
        assert f'"url": "/openapi/{vendor}.json", "name": "{dialect.docs.title}"' in page


async def test_obzvonilka_credentials_bodies_and_errors_are_the_vendors(
    client: AsyncClient,
) -> None:
    document = await _document(client, "obzvonilka")
    schemes = document["components"]["securitySchemes"]
    assert schemes["api_key"] == {"type": "apiKey", "in": "query", "name": "api_key"}
    assert schemes["x_api_key"] == {"type": "apiKey", "in": "header", "name": "X-API-KEY"}
    assert schemes["bearer"]["scheme"] == "bearer"
    create = document["paths"]["/api/contact_bases/{base_ref}/contacts.json"]["post"]
    content = create["requestBody"]["content"]
    form = content["application/x-www-form-urlencoded"]["schema"]["properties"]
    assert {"contact[name]", "contact[phone1]", "contact[phone_remark10]", "api_key"} <= set(form)
    assert content["multipart/form-data"] == content["application/x-www-form-urlencoded"]
    assert create["parameters"] == [create["parameters"][0]]  # the base: its query replaces
    nested = content["application/json"]["schema"]
    assert nested["required"] == ["contact"]
    assert "external_code" in nested["properties"]["contact"]["properties"]
    assert set(create["responses"]) >= {"201", "400", "401", "404", "422"}
    schemas = document["components"]["schemas"]
    for struct in (obzvonilka_wire.RailsStatus, obzvonilka_wire.RailsMessage):
        (_,), components = msgspec.json.schema_components([struct])
        assert schemas[struct.__name__] == components[struct.__name__]

    def ref(status: str) -> str:
        answer = create["responses"][status]["content"]["application/json"]["schema"]
        return str(answer["$ref"]).rsplit("/", 1)[1]

    assert (ref("401"), ref("404"), ref("422")) == ("RailsMessage", "RailsStatus", "RailsErrors")
    listing = document["paths"]["/api/contact_bases/{base_ref}/contacts.json"]["get"]
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"type": "array", "items": {"$ref": "#/components/schemas/ContactOut"}}
    refused = (await client.get("/api/users.json", headers={"X-API-KEY": "nope"})).json()
    assert msgspec.convert(refused, obzvonilka_wire.RailsMessage).error == "Invalid API key"


async def test_plusofon_client_header_bearer_login_and_errors(client: AsyncClient) -> None:
    document = await _document(client, "plusofon")
    schemes = document["components"]["securitySchemes"]
    assert schemes["client"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "Client",
        "description": "",
    }
    assert document["security"] == [{"client": [], "bearer": []}]  # both on every call
    login = document["paths"]["/api/v1/login"]["post"]
    assert login["security"] == [{"client": []}]  # no token yet
    body = login["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"email", "password"}
    create = document["paths"]["/api/v1/contact-lists"]["post"]["requestBody"]["content"]
    assert set(create) == {"application/json"}
    assert set(create["application/json"]["schema"]["required"]) == {"name", "type"}
    listing = document["paths"]["/api/v1/contact-lists"]["get"]["parameters"]
    assert {p["name"] for p in listing} == {"page", "per_page"}
    (_,), components = msgspec.json.schema_components([plusofon_wire.Failure])
    assert document["components"]["schemas"]["Failure"] == components["Failure"]
    one = document["paths"]["/api/v1/contact-lists/{list_id}"]["get"]["responses"]
    assert one["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/ListDetail")
    refused = (await client.get("/api/v1/contact-lists", headers={"Client": "10553"})).json()
    assert msgspec.convert(refused, plusofon_wire.Failure).success is False


async def test_twin_login_bearer_bodies_and_lists(client: AsyncClient) -> None:
    document = await _document(client, "twin")
    schemes = document["components"]["securitySchemes"]
    assert schemes == {"bearer": schemes["bearer"]}  # one credential: the login's JWT
    assert (schemes["bearer"]["scheme"], schemes["bearer"]["bearerFormat"]) == ("bearer", "JWT")
    assert document["security"] == [{"bearer": []}]
    login = document["paths"]["/api/v1/auth/login"]["post"]
    assert login["security"] == []  # no token yet
    body = login["requestBody"]["content"]
    assert set(body) == {"application/json"}  # JSON only, as the vendor's SDK sends
    assert set(body["application/json"]["schema"]["required"]) == {"email", "password"}
    ok = login["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/TokensOut"}
    refresh = document["paths"]["/api/v1/auth/refresh"]
    assert refresh["get"]["security"] == refresh["post"]["security"] == []
    assert {p["name"] for p in refresh["get"]["parameters"]} == {"refreshToken", "ttl"}
    # POST reads the query too (the body winning): documented there, required in neither alone.
    assert [(p["name"], p.get("required")) for p in refresh["post"]["parameters"]] == [
        ("refreshToken", None),
        ("ttl", None),
    ]
    create = document["paths"]["/api/v1/clients/attributes"]["post"]["requestBody"]["content"]
    assert create["application/json"]["schema"]["required"] == ["name"]
    listing = document["paths"]["/api/v1/clients/attributes"]["get"]
    options = {p["name"] for p in listing["parameters"]}
    assert {"limit", "offset", "page", "sort", "fields", "withoutCount", "offsetField"} <= options
    answer = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("/AttributeList")
    one = "/api/v1/clients/{client_id}/attributes/{attribute_id}"
    item = document["paths"][one]
    assert set(item) == {"post", "delete"}
    assert "requestBody" not in item["delete"]
    assert [p["name"] for p in item["delete"]["parameters"]] == ["client_id", "attribute_id"]
    for operation in item.values():  # 200 without a body, as the vendor answers a write
        assert "content" not in operation["responses"]["200"]
        assert {"401", "404"} <= set(operation["responses"])


async def test_twin_errors_are_its_struct(client: AsyncClient) -> None:
    document = await _document(client, "twin")
    (expected,), components = msgspec.json.schema_components(
        [twin_wire.Failure], ref_template="#/components/schemas/{name}"
    )
    assert document["components"]["schemas"]["Failure"] == components["Failure"]
    answers = document["paths"]["/api/v1/clients/attributes"]["post"]["responses"]
    for status in ("400", "401", "409", "422", "429", "503"):
        assert answers[status]["content"]["application/json"]["schema"] == expected, status
    refused = await client.get("/api/v1/clients/attributes", headers={"Authorization": "nope"})
    assert refused.status_code == 401
    assert msgspec.convert(refused.json(), twin_wire.Failure).error
    invalid = await client.post("/api/v1/auth/login", json={"email": "a@example.com"})
    assert invalid.status_code == 422
    assert msgspec.convert(invalid.json(), twin_wire.Failure).details == {
        "password": ["password is required"]
    }
