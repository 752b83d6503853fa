"""BOLA matrix (OWASP API1): organization B's credentials on organization A's ids, every route of
every dialect.

The routes come from the app itself; a route without a case here fails ``test_every_route_has_a
_case``, so a new route cannot escape the matrix. For each route B calls with its own dialect's
credential (native Bearer, Watbot ``api_token``, Obzvonilka ``api_key``, TWIN login JWT,
Plusofon Bearer + ``Client``):

    FOREIGN  the call names A's ids          -> 404 (Watbot's ``exists`` rule: 422), exactly the
                                                status and shape of the same call with ids
                                                that exist nowhere: no enumeration oracle
    OWN      the call names no id (a list)   -> an answer about B only
    REFUSED  the call tries to become A      -> 401/403

and no answer carries anything of A's (names, phones, uuids, e-mails, token prefixes), unless B
sent it itself. Afterwards every row of A's in every table is as it was, byte for byte. Then, as
a control that the cases reach real records, A's own credential on each FOREIGN call must not
get a 404.

The app runs with its control plane on (an admin token set): its middleware sees every call,
the web interface's pages for integrators exist, and the control API's own routes refuse B's
credential (the admin token is nobody's organization).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import pytest
from httpx import AsyncClient, Response
from litestar import Litestar
from pydantic import SecretStr

from contacthub import control
from contacthub.app import create_app
from contacthub.config import Settings
from contacthub.control.middleware import PREFIX, ControlState
from contacthub.control.rules import FaultRule
from contacthub.core import contacts, sessions
from contacthub.core.scope import Hub
from contacthub.core.webhooks import endpoints as webhooks
from contacthub.dialects.http import session_policy
from contacthub.ui.session import COOKIE, csrf_token
from tests.factories import (
    Org,
    make_base,
    make_bot,
    make_contact,
    make_list,
    make_token,
    make_user,
)

FOREIGN, OWN, REFUSED = "foreign", "own", "refused"
EXPECTED = {OWN: range(200, 300), REFUSED: (401, 403)}
PASSWORD = "correct horse battery"
# Litestar's own pages and the system probes: no organization data behind them.
NOT_TENANT_ROUTES = {
    "/",
    "/docs",
    "/docs/assets/{name:str}",
    "/openapi.json",
    # The vendors' OpenAPI documents (dialects.vendor_docs).
    "/openapi/watbot.json",
    "/openapi/obzvonilka.json",
    "/openapi/twin.json",
    "/openapi/plusofon.json",
    "/oauth2-redirect.html",
    "/{path:str}",
    "/healthz",
    "/readyz",
    "/metrics",
    # The web interface's front door, sign-in form, language switch and own CSS/JS: no data.
    "/ui",
    "/ui/login",
    "/ui/lang/{code:str}",
    "/ui/static/{file_path:path}",
}
H = "/api/hub/v1"
OB = "/api/contact_bases"


@dataclass(frozen=True)
class Call:
    dialect: str
    kind: str
    path: str  # str.format()-ed with the ids of World
    json: Any = None
    params: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | None = None
    files: dict[str, Any] | None = None


@dataclass
class World:
    ids: dict[str, str]
    secrets: list[str]
    credentials: dict[str, Callable[[Org | str], tuple[dict[str, str], dict[str, str]]]]


# Ids of nothing: a FOREIGN call must answer as if it named these.
MISSING = {
    "org": "987654", "contact": "987654", "contact_uuid": "00000000-0000-4000-8000-000000987654",
    "tag": "987654", "tag3": "987655", "tag2_name": "no-such-tag2",
    "field2_name": "no-such-field2", "tag_name": "no-such-tag", "field": "987654",
    "field_uuid": "00000000-0000-4000-8000-000000987655", "field_name": "no-such-field",
    "field3_uuid": "00000000-0000-4000-8000-000000987656",
    "field4_uuid": "00000000-0000-4000-8000-000000987657", "list2": "987655",
    "bot": "987654", "base": "987654", "list": "987654", "entry": "987654", "user": "987654",
    "a_email": "nobody@example.com", "token": "987654", "job": "987654", "phone": "79169876543",
    "external": "NO-SUCH-EXT", "telegram": "987654321", "webhook": "987654", "delivery": "987654",
    "contact2": "987655", "list3": "987656", "entry3": "987656", "deleted": "987657",
    "merged": "987658", "upload_key": "AAAAAAAAAAAAAAAAAAAAAA", "fault": "987654",
}  # fmt: skip


@pytest.fixture(scope="module")
def app(settings: Settings, hub: Hub) -> Litestar:
    """The app with its control plane on (an admin token nobody here sends)."""
    on = settings.model_copy(update={"admin_token": SecretStr("admin-token-of-the-walls-0123456")})
    return create_app(on, hub=hub)


@pytest.fixture(scope="module")
async def client(app: Litestar) -> AsyncIterator[AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://contacthub.test") as http:
        yield http


def _native() -> dict[tuple[str, str], list[Call]]:
    def c(kind: str, path: str, json: Any = None, **kw: Any) -> list[Call]:
        return [Call("native", kind, H + path, json, **kw)]

    upload = {"file": ("b.csv", b"name,phone\nB-row,79990000008\n", "text/csv")}
    return {
        ("GET", H + "/contacts"): c(OWN, "/contacts?q=A-secret"),
        ("POST", H + "/contacts"): c(OWN, "/contacts", {"name": "B contact"}),
        ("GET", H + "/contacts/{ref:str}"): [
            *c(FOREIGN, "/contacts/{contact}"),
            *c(FOREIGN, "/contacts/{contact_uuid}"),
        ],
        ("PATCH", H + "/contacts/{ref:str}"): [
            *c(FOREIGN, "/contacts/{contact}", {"name": "hijacked"}),
            *c(FOREIGN, "/contacts/{contact_uuid}", {"name": "hijacked"}),
        ],
        ("DELETE", H + "/contacts/{ref:str}"): c(FOREIGN, "/contacts/{contact_uuid}"),
        ("GET", H + "/contacts/{ref:str}/fields"): c(FOREIGN, "/contacts/{contact}/fields"),
        ("PUT", H + "/contacts/{ref:str}/fields/{name:str}"): c(
            FOREIGN, "/contacts/{contact}/fields/{field_name}", {"value": "hijacked"}
        ),
        ("DELETE", H + "/contacts/{ref:str}/fields/{name:str}"): c(
            FOREIGN, "/contacts/{contact}/fields/{field_name}"
        ),
        ("GET", H + "/contacts/{ref:str}/history"): [
            *c(FOREIGN, "/contacts/{contact}/history"),
            *c(FOREIGN, "/contacts/{contact_uuid}/history"),
        ],
        ("GET", H + "/events"): c(OWN, "/events?limit=500"),
        ("GET", H + "/duplicates"): c(OWN, "/duplicates?limit=500"),
        ("GET", H + "/webhooks"): c(OWN, "/webhooks"),
        ("POST", H + "/webhooks"): c(
            OWN, "/webhooks", {"url": "https://93.184.216.34/b-hook", "events": ["*"]}
        ),
        ("GET", H + "/webhooks/{webhook_id:int}"): c(FOREIGN, "/webhooks/{webhook}"),
        ("PATCH", H + "/webhooks/{webhook_id:int}"): c(
            FOREIGN, "/webhooks/{webhook}", {"enabled": False}
        ),
        ("DELETE", H + "/webhooks/{webhook_id:int}"): c(FOREIGN, "/webhooks/{webhook}"),
        ("GET", H + "/webhooks/{webhook_id:int}/deliveries"): c(
            FOREIGN, "/webhooks/{webhook}/deliveries"
        ),
        ("POST", H + "/webhooks/{webhook_id:int}/deliveries/{delivery_id:int}/redeliver"): c(
            FOREIGN, "/webhooks/{webhook}/deliveries/{delivery}/redeliver"
        ),
        ("POST", H + "/contacts/{ref:str}/merge"): c(
            FOREIGN, "/contacts/{contact}/merge", {"from": [987655]}
        ),
        ("POST", H + "/contacts/{ref:str}/restore"): c(FOREIGN, "/contacts/{contact}/restore"),
        ("POST", H + "/contacts/{ref:str}/erase"): c(FOREIGN, "/contacts/{contact_uuid}/erase"),
        ("GET", H + "/contacts/{ref:str}/tags"): c(FOREIGN, "/contacts/{contact}/tags"),
        ("POST", H + "/contacts/{ref:str}/tags"): c(
            FOREIGN, "/contacts/{contact}/tags", {"name": "hijacked"}
        ),
        ("PUT", H + "/contacts/{ref:str}/tags"): c(
            FOREIGN, "/contacts/{contact}/tags", {"tags": ["hijacked"]}
        ),
        ("DELETE", H + "/contacts/{ref:str}/tags/{name:str}"): c(
            FOREIGN, "/contacts/{contact}/tags/{tag_name}"
        ),
        ("GET", H + "/tags"): c(OWN, "/tags"),
        ("POST", H + "/tags"): c(OWN, "/tags", {"name": "b-new-tag"}),
        ("GET", H + "/tags/{tag_id:int}"): c(FOREIGN, "/tags/{tag}"),
        ("PATCH", H + "/tags/{tag_id:int}"): c(FOREIGN, "/tags/{tag}", {"name": "hijacked"}),
        ("DELETE", H + "/tags/{tag_id:int}"): c(FOREIGN, "/tags/{tag}"),
        ("GET", H + "/fields"): c(OWN, "/fields"),
        ("POST", H + "/fields"): c(OWN, "/fields", {"name": "b-field"}),
        ("GET", H + "/fields/{ref:str}"): [
            *c(FOREIGN, "/fields/{field_uuid}"),
            *c(FOREIGN, "/fields/{field}"),
        ],
        ("PATCH", H + "/fields/{ref:str}"): c(
            FOREIGN, "/fields/{field_uuid}", {"name": "hijacked"}
        ),
        ("DELETE", H + "/fields/{ref:str}"): c(FOREIGN, "/fields/{field_uuid}"),
        ("GET", H + "/bots"): c(OWN, "/bots"),
        ("POST", H + "/bots"): c(OWN, "/bots", {"name": "b-bot"}),
        ("GET", H + "/bots/{bot_id:int}"): c(FOREIGN, "/bots/{bot}"),
        ("PATCH", H + "/bots/{bot_id:int}"): c(FOREIGN, "/bots/{bot}", {"name": "hijacked"}),
        ("DELETE", H + "/bots/{bot_id:int}"): c(FOREIGN, "/bots/{bot}"),
        ("GET", H + "/bases"): c(OWN, "/bases"),
        ("POST", H + "/bases"): c(OWN, "/bases", {"name": "b-base"}),
        ("GET", H + "/bases/{base_id:int}"): c(FOREIGN, "/bases/{base}"),
        ("PATCH", H + "/bases/{base_id:int}"): c(FOREIGN, "/bases/{base}", {"name": "hijacked"}),
        ("DELETE", H + "/bases/{base_id:int}"): c(FOREIGN, "/bases/{base}"),
        ("GET", H + "/lists"): c(OWN, "/lists"),
        ("POST", H + "/lists"): c(OWN, "/lists", {"name": "b-list", "type": "black"}),
        ("GET", H + "/lists/{list_id:int}"): c(FOREIGN, "/lists/{list}"),
        ("PATCH", H + "/lists/{list_id:int}"): c(FOREIGN, "/lists/{list}", {"name": "hijacked"}),
        ("DELETE", H + "/lists/{list_id:int}"): c(FOREIGN, "/lists/{list}"),
        ("POST", H + "/lists/{list_id:int}/entries"): c(
            FOREIGN, "/lists/{list}/entries", {"name": "x", "phones": ["79990000009"]}
        ),
        ("PUT", H + "/lists/{list_id:int}/entries"): c(
            FOREIGN, "/lists/{list}/entries", {"entries": []}
        ),
        ("DELETE", H + "/lists/{list_id:int}/entries/{entry_id:int}"): [
            *c(FOREIGN, "/lists/{list}/entries/{entry}"),
            *c(FOREIGN, "/lists/{b_list}/entries/{entry}"),  # B's list, A's entry
        ],
        ("GET", H + "/users"): c(OWN, "/users"),
        ("POST", H + "/users"): c(
            OWN, "/users", {"email": "b-new@example.com", "password": "long enough"}
        ),
        ("GET", H + "/users/{user_id:int}"): c(FOREIGN, "/users/{user}"),
        ("PATCH", H + "/users/{user_id:int}"): c(FOREIGN, "/users/{user}", {"name": "hijacked"}),
        ("DELETE", H + "/users/{user_id:int}"): c(FOREIGN, "/users/{user}"),
        ("GET", H + "/tokens"): c(OWN, "/tokens"),
        ("POST", H + "/tokens"): c(OWN, "/tokens", {"label": "b"}),
        ("GET", H + "/tokens/{token_id:int}"): c(FOREIGN, "/tokens/{token}"),
        ("DELETE", H + "/tokens/{token_id:int}"): c(FOREIGN, "/tokens/{token}"),
        ("GET", H + "/organization"): c(OWN, "/organization"),
        ("GET", H + "/phones/{number:str}"): c(OWN, "/phones/{phone}"),
        ("GET", H + "/imports"): c(OWN, "/imports"),
        ("POST", H + "/imports"): c(OWN, "/imports", files=upload),
        ("GET", H + "/imports/{job_id:int}"): c(FOREIGN, "/imports/{job}"),
        ("GET", H + "/imports/{job_id:int}/rejects"): c(FOREIGN, "/imports/{job}/rejects"),
        ("GET", H + "/exports"): c(OWN, "/exports"),
    }


def _obzvonilka() -> dict[tuple[str, str], list[Call]]:
    def c(kind: str, path: str, **kw: Any) -> Call:
        return Call("obzvonilka", kind, path, **kw)

    hijack = {"contact[name]": "hijacked", "contact[phone1]": "89990000000"}
    cases: dict[tuple[str, str], list[Call]] = {
        ("GET", OB + "/{base_ref:str}"): [c(FOREIGN, OB + "/{base}.json")],
        ("GET", OB + "/{base_ref:str}/contacts/find_by_external/{code:str}"): [
            c(FOREIGN, OB + "/{base}/contacts/find_by_external/{external}.json"),
            c(FOREIGN, OB + "/{b_base}/contacts/find_by_external/{external}.json"),
        ],
        ("GET", OB + "/{base_ref:str}/contacts/{contact_ref:str}"): [
            c(FOREIGN, OB + "/{base}/contacts/{contact}.json"),
            c(FOREIGN, OB + "/{b_base}/contacts/{contact}.json"),  # B's base, A's contact
        ],
        ("GET", "/api/users/{user_ref:str}"): [c(FOREIGN, "/api/users/{user}.json")],
    }
    for suffix in ("", ".json"):
        cases[("GET", OB + suffix)] = [c(OWN, OB + suffix)]
        cases[("GET", "/api/users" + suffix)] = [c(OWN, "/api/users" + suffix)]
        cases[("GET", "/api/report/contacts" + suffix)] = [
            c(OWN, "/api/report/contacts" + suffix, params={"phone": "{phone}"})
        ]
        contacts = OB + "/{base_ref:str}/contacts" + suffix
        cases[("GET", contacts)] = [c(FOREIGN, OB + "/{base}/contacts" + suffix)]
        cases[("POST", contacts)] = [c(FOREIGN, OB + "/{base}/contacts" + suffix, form=hijack)]
    for method in ("PATCH", "PUT"):
        cases[(method, OB + "/{base_ref:str}/contacts/{contact_ref:str}")] = [
            c(FOREIGN, OB + "/{base}/contacts/{contact}.json", form=hijack),
            c(FOREIGN, OB + "/{b_base}/contacts/{contact}.json", form=hijack),
        ]
    return cases


def _twin() -> dict[tuple[str, str], list[Call]]:
    def c(kind: str, path: str, json: Any = None, **kw: Any) -> list[Call]:
        return [Call("twin", kind, path, json, **kw)]

    attrs = "/api/v1/clients/attributes"
    values = "/api/v1/clients/{contact_uuid}/attributes"
    cases = {
        # B's own user asking for A's company; B's user with A's e-mail.
        ("POST", "/api/v1/auth/login"): [
            *c(
                REFUSED,
                "/api/v1/auth/login",
                {"email": "{b_email}", "password": PASSWORD, "companyId": "{org}"},
            ),
            *c(REFUSED, "/api/v1/auth/login", {"email": "{a_email}", "password": "guess"}),
        ],
        ("GET", attrs): c(OWN, attrs),
        ("POST", attrs): c(OWN, attrs, {"name": "b-attribute"}),
        ("PATCH", attrs + "/{attribute_id:str}"): c(
            FOREIGN, attrs + "/{field_uuid}", {"name": "hijacked"}
        ),
        ("DELETE", attrs + "/{attribute_id:str}"): c(FOREIGN, attrs + "/{field4_uuid}"),
        ("GET", "/api/v1/clients/{client_id:str}/attributes"): c(FOREIGN, values),
        ("POST", "/api/v1/clients/{client_id:str}/attributes/{attribute_id:str}"): [
            *c(FOREIGN, values + "/{field_uuid}", {"value": "hijacked"}),
            *c(FOREIGN, values + "/{b_field_uuid}", {"value": "hijacked"}),
        ],
        ("DELETE", "/api/v1/clients/{client_id:str}/attributes/{attribute_id:str}"): c(
            FOREIGN, values + "/{field3_uuid}"
        ),
    }
    for method in ("GET", "POST"):  # B's access token is no refresh token of anyone's
        cases[(method, "/api/v1/auth/refresh")] = c(
            REFUSED, "/api/v1/auth/refresh", params={"refreshToken": "chr_{contact_uuid}"}
        )
    return cases


def _plusofon() -> dict[tuple[str, str], list[Call]]:
    def c(kind: str, path: str, json: Any = None) -> list[Call]:
        return [Call("plusofon", kind, "/api/v1/contact-lists" + path, json)]

    body = {
        "name": "Hijacked",
        "type": "white",
        "contacts": [{"name": "X", "phones": ["79160000001"]}],
    }
    return {
        ("GET", "/api/v1/contact-lists"): c(OWN, ""),
        ("POST", "/api/v1/contact-lists"): c(OWN, "", {"name": "B list", "type": "black"}),
        ("GET", "/api/v1/contact-lists/types"): c(OWN, "/types"),
        ("GET", "/api/v1/contact-lists/{list_id:str}"): c(FOREIGN, "/{list}"),
        ("PUT", "/api/v1/contact-lists/{list_id:str}"): c(FOREIGN, "/{list2}", body),
        ("DELETE", "/api/v1/contact-lists/{list_id:str}"): c(FOREIGN, "/{list2}"),
        # B's own user gets B's session only; A's e-mail without A's password gets nothing.
        ("POST", "/api/v1/login"): [
            Call("plusofon", OWN, "/api/v1/login", {"email": "{b_email}", "password": PASSWORD}),
            Call("plusofon", REFUSED, "/api/v1/login", {"email": "{a_email}", "password": "guess"}),
        ],
    }


WATBOT_CALLS: dict[str, list[tuple[str, dict[str, str]]]] = {
    "getContacts": [(OWN, {}), (OWN, {"filters[phone]": "{phone}"}),
                    (FOREIGN, {"bot_id": "{bot}"})],
    "getContactTags": [(FOREIGN, {"contact_id": "{contact}"})],
    "attachTagToContact": [(FOREIGN, {"contact_id": "{contact}", "name": "hijacked"}),
                           (FOREIGN, {"contact_id": "{contact}", "tag_id": "{b_tag}"})],
    "detachTagFromContact": [(FOREIGN, {"contact_id": "{contact}", "name": "{tag2_name}"}),
                             (FOREIGN, {"contact_id": "{contact}", "tag_id": "{tag3}"})],
    "getContactVariables": [(FOREIGN, {"contact_id": "{contact}"})],
    "setContactVariable": [(FOREIGN, {"contact_id": "{contact}", "name": "{field_name}",
                                      "value": "hijacked"})],
    "deleteContactVariable": [(FOREIGN, {"contact_id": "{contact}", "name": "{field2_name}"})],
    "getBotTags": [(FOREIGN, {"bot_id": "{bot}"})],
    "createOrUpdateContact": [
        (FOREIGN, {"bot_id": "{bot}", "messenger": "telegram", "telegram_id": "{telegram}",
                   "name": "hijacked"}),
        # B's bot, A's messenger id: B gets a contact of its own, A's stays as it is.
        (OWN, {"bot_id": "{b_bot}", "messenger": "telegram", "telegram_id": "{telegram}",
               "name": "B twin"}),
    ],
    "getMe": [(OWN, {})],
}  # fmt: skip


def _watbot() -> dict[tuple[str, str], list[Call]]:
    return {
        (method, f"/api/v1/{name}"): [
            Call("watbot", kind, f"/api/v1/{name}", params=params) for kind, params in calls
        ]
        for name, calls in WATBOT_CALLS.items()
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
    }


def _ui() -> dict[tuple[str, str], list[Call]]:
    """The web interface (contacthub.ui): B's signed-in administrator in a browser. Its forms
    POST (``form``); a FOREIGN one answers the 404 page of an id of nothing."""

    def c(kind: str, path: str, form: dict[str, str] | None = None) -> list[Call]:
        return [Call("ui", kind, "/ui" + path, form=form)]

    return {
        ("GET", "/ui/contacts"): [
            *c(OWN, "/contacts?q=A-secret"),
            *c(OWN, "/contacts?tag=a-secret-tag"),
            *c(OWN, "/contacts?base_id={base}&bot_id={bot}&list_id={list}&blocked=yes"),
        ],
        ("GET", "/ui/contacts/new"): c(OWN, "/contacts/new"),
        ("POST", "/ui/contacts/new"): c(OWN, "/contacts/new", {"name": "B ui contact"}),
        ("GET", "/ui/contacts/{ref:str}"): [
            *c(FOREIGN, "/contacts/{contact}"),
            *c(FOREIGN, "/contacts/{contact_uuid}"),
        ],
        ("POST", "/ui/contacts/{ref:str}"): c(FOREIGN, "/contacts/{contact}", {"name": "hijacked"}),
        ("POST", "/ui/contacts/{ref:str}/delete"): c(FOREIGN, "/contacts/{contact2}/delete", {}),
        ("POST", "/ui/contacts/{ref:str}/merge"): c(
            FOREIGN, "/contacts/{contact}/merge", {"other": "{merged}"}
        ),
        ("POST", "/ui/contacts/{ref:str}/restore"): c(FOREIGN, "/contacts/{deleted}/restore", {}),
        ("GET", "/ui/lists"): c(OWN, "/lists"),
        ("POST", "/ui/lists"): c(OWN, "/lists", {"name": "B ui list", "type": "black"}),
        ("GET", "/ui/lists/{list_id:str}"): c(FOREIGN, "/lists/{list3}"),
        ("POST", "/ui/lists/{list_id:str}"): c(FOREIGN, "/lists/{list3}", {"name": "hijacked"}),
        ("POST", "/ui/lists/{list_id:str}/delete"): c(FOREIGN, "/lists/{list3}/delete", {}),
        ("POST", "/ui/lists/{list_id:str}/entries"): [
            *c(FOREIGN, "/lists/{list3}/entries", {"number": "79990000019"}),
        ],
        ("POST", "/ui/lists/{list_id:str}/entries/{entry_id:str}/delete"): [
            *c(FOREIGN, "/lists/{list3}/entries/{entry3}/delete", {}),
            *c(FOREIGN, "/lists/{b_list}/entries/{entry3}/delete", {}),  # B's list, A's entry
        ],
        # The number check answers about B's lists alone, whoever's number it names.
        ("GET", "/ui/phones"): c(OWN, "/phones?number=79160000003"),
        **{
            key: value
            for kind, record in (
                ("tags", "tag"),
                ("bases", "base"),
                ("bots", "bot"),
                ("fields", "field"),
            )
            for key, value in {
                ("GET", f"/ui/{kind}"): c(OWN, f"/{kind}"),
                ("POST", f"/ui/{kind}"): c(OWN, f"/{kind}", {"name": f"b-ui-{record}"}),
                ("POST", f"/ui/{kind}/{{record_id:str}}"): c(
                    FOREIGN, f"/{kind}/{{{record}}}", {"name": "hijacked"}
                ),
                ("POST", f"/ui/{kind}/{{record_id:str}}/delete"): c(
                    FOREIGN, f"/{kind}/{{{record}}}/delete", {}
                ),
            }.items()
        },
        ("GET", "/ui/settings"): c(OWN, "/settings"),
        ("POST", "/ui/settings/organization"): c(OWN, "/settings/organization", {"name": "B"}),
        ("POST", "/ui/settings/tokens"): c(OWN, "/settings/tokens", {"label": "b-ui"}),
        ("POST", "/ui/settings/tokens/{token_id:str}/revoke"): c(
            FOREIGN, "/settings/tokens/{token}/revoke", {}
        ),
        ("POST", "/ui/settings/users"): c(
            OWN, "/settings/users", {"email": "b-ui@example.com", "password": PASSWORD}
        ),
        ("POST", "/ui/settings/users/{user_id:str}/delete"): c(
            FOREIGN, "/settings/users/{user}/delete", {}
        ),
        ("POST", "/ui/settings/users/{user_id:str}"): c(
            FOREIGN, "/settings/users/{user}", {"role": "admin", "enabled": "no"}
        ),
        # B's journal holds B's own requests, and in this matrix those name A's ids (B sent
        # them): the page is asked for a path none of them has. tests/ui/test_integrations.py
        # holds that another organization's requests never show.
        ("GET", "/ui/settings/integrations"): c(
            OWN, "/settings/integrations?path=/api/hub/v1/organization"
        ),
        # A fault on a path B never calls: the matrix's other calls are answered as always.
        # (The answer is the page again, under the journal's filter the form was sent with.)
        ("POST", "/ui/settings/integrations/faults"): c(
            OWN,
            "/settings/integrations/faults",
            {"path": "/b-nowhere", "status": "503", "journal": "path=/api/hub/v1/organization"},
        ),
        ("POST", "/ui/settings/integrations/faults/{fault_id:str}/delete"): c(
            FOREIGN, "/settings/integrations/faults/{fault}/delete", {}
        ),
        ("GET", "/ui/imports"): c(OWN, "/imports"),
        ("POST", "/ui/imports"): [
            Call("ui", OWN, "/ui/imports", files={"file": ("b.csv", b"name\nB\n", "text/csv")})
        ],
        # A's kept upload, named by its key: another organization's key names no file.
        ("POST", "/ui/imports/preview"): c(
            FOREIGN, "/imports/preview", {"key": "{upload_key}", "suffix": ".csv"}
        ),
        ("POST", "/ui/imports/start"): c(
            FOREIGN, "/imports/start", {"key": "{upload_key}", "suffix": ".csv", "name": "x.csv"}
        ),
        ("GET", "/ui/imports/{job_id:str}"): c(FOREIGN, "/imports/{job}"),
        ("GET", "/ui/imports/{job_id:str}/progress"): c(FOREIGN, "/imports/{job}/progress"),
        ("GET", "/ui/imports/{job_id:str}/rejects.csv"): c(FOREIGN, "/imports/{job}/rejects.csv"),
        ("GET", "/ui/export"): [
            *c(OWN, "/export?q=A-secret"),
            *c(OWN, "/export?base_id={base}&tag=a-secret-tag&format=jsonl"),
        ],
        # Its own spare session: signing out ends the session the other calls use.
        ("POST", "/ui/logout"): [Call("ui_spare", OWN, "/ui/logout", form={})],
    }


def _control() -> dict[tuple[str, str], list[Call]]:
    """The control API: B's own token (of an organization) is no admin token, on A's ids."""
    cases: dict[tuple[str, str], list[Call]] = {}
    for handler in control.ROUTES:
        for path in handler.paths:
            called = (
                path.replace("{org_id:int}", "{org}")
                .replace("{fault_id:int}", "1")
                .replace("{limit_id:int}", "1")
            )
            for method in handler.http_methods:
                cases[method, PREFIX + path] = [
                    Call("native", REFUSED, PREFIX + called, json={"name": "B"})
                ]
    return cases


CASES = {
    **_native(),
    **_obzvonilka(),
    **_twin(),
    **_plusofon(),
    **_watbot(),
    **_ui(),
    **_control(),
}


def tenant_routes(app: Litestar) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in app.routes
        if route.path not in NOT_TENANT_ROUTES
        for method in route.methods
        if method not in {"HEAD", "OPTIONS"}
    }


def test_every_route_has_a_case(app: Litestar) -> None:
    routes = tenant_routes(app)
    assert sorted(routes - CASES.keys()) == [], "add these routes to the tenant-wall matrix"
    assert sorted(CASES.keys() - routes) == [], "these cases name routes the app does not have"


# --- building A and B ------------------------------------------------------------------------


async def _ui_session(app: Litestar, hub: Hub, email: str) -> dict[str, str]:
    """A web-interface login of ``email``: its cookie and CSRF header, as a browser sends them
    (the sign-in form itself is tested in tests/ui/test_auth.py)."""
    policy = session_policy(app.state.settings)
    login = await sessions.log_in(hub, policy, email, PASSWORD, address="127.0.0.9")
    token = login.access_token
    return {"Cookie": f"{COOKIE}={token}", "X-CSRF-Token": csrf_token(policy.key, token)}


async def _build(app: Litestar, client: AsyncClient, hub: Hub, a: Org, b: Org) -> World:
    async with hub.writing(a.id) as s:  # first: A's changes below are delivered to it
        hook = await webhooks.create_webhook(
            s, "https://93.184.216.34/a-secret-hook", ["*"], secret=None, enabled=True,
            allow_private=False,
        )  # fmt: skip
    base = await make_base(a, "A-secret-base")
    bot = await make_bot(a, "A-secret-bot")
    contact = await make_contact(
        a, "A-secret-contact", ["79161234567"],
        tags=["a-secret-tag", "a-secret-tag2", "a-secret-tag3"],
        # One of each per dialect that deletes it, so each control deletes its own.
        fields={f"a-secret-field{n}": "a-secret-value" for n in ("", "2", "3", "4")},
        base_id=base.id, bot_id=bot.id,
        external_code="A-SECRET-EXT", email="a-secret-contact@example.com",
    )  # fmt: skip
    # The web interface's delete takes this one (the native DELETE takes the first).
    contact2 = await make_contact(a, "A-secret-contact2", ["79161234568"])
    # One of A's the web interface's control merges into the first.
    merged = await make_contact(a, "A-secret-merged", ["79161234570"])
    # A deleted contact of A's, for the web interface's undo.
    deleted = await make_contact(a, "A-secret-deleted", ["79161234569"])
    async with hub.writing(a.id) as s:
        await contacts.delete_contact(s, deleted.id)
    a_list = await make_list(a, "A-secret-list", entries={"A-secret-entry": ["79160000000"]})
    a_list2 = await make_list(a, "A-secret-list2", "white")
    # The web interface's list calls take this one (the other dialects' controls change theirs).
    a_list3 = await make_list(a, "A-secret-list3", entries={"A-secret-entry3": ["79160000003"]})
    assert a_list3.entries is not None
    assert a_list.entries is not None
    a_user = await make_user(a, "a-secret-user@example.com", PASSWORD, name="A-secret-user")
    a_token = await make_token(a, "a-secret-token")
    # The telegram id and the job come through the API, as clients make them.
    telegram = "777000111"
    answer = await client.post(
        "/api/v1/createOrUpdateContact",
        params={"api_token": a.token, "bot_id": str(bot.id), "messenger": "telegram",
                "telegram_id": telegram, "name": "A-secret-telegram"},
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    job = await client.post(
        f"{H}/imports",
        files={"file": ("a-secret.csv", b"name,phone\nA-secret-row,79990000007\n", "text/csv")},
        data={"dry_run": "true"},
        headers=a.auth,
    )
    assert job.status_code == 202, job.text
    tags = {t["name"]: t for t in (await client.get(f"{H}/tags", headers=a.auth)).json()["items"]}
    fields = {
        f["name"]: f for f in (await client.get(f"{H}/fields", headers=a.auth)).json()["items"]
    }
    tokens = (await client.get(f"{H}/tokens", headers=a.auth)).json()["items"]
    deliveries = (
        await client.get(f"{H}/webhooks/{hook.webhook.id}/deliveries", headers=a.auth)
    ).json()["items"]

    # B has records of its own, made after A's, so none of its ids is one of A's.
    b_base = await make_base(b, "B base")
    b_bot = await make_bot(b, "B bot")
    await make_contact(b, "B contact", ["79035550000"], tags=["b-tag"], fields={"b-f": "1"})
    b_list = await make_list(b, "B list", entries={"B entry": ["79035550001"]})
    # An administrator: the walls hold against B's strongest credential, not a role's 403.
    b_user = await make_user(b, "b-user@example.com", PASSWORD, admin=True)
    b_tags = (await client.get(f"{H}/tags", headers=b.auth)).json()["items"]
    b_fields = (await client.get(f"{H}/fields", headers=b.auth)).json()["items"]
    login = await client.post(
        "/api/v1/auth/login", json={"email": b_user.email, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    b_jwt = login.json()["token"]

    ids = {
        "org": str(a.id),
        "contact": str(contact.id),
        "contact_uuid": contact.uuid,
        "contact2": str(contact2.id),
        "deleted": str(deleted.id),
        "merged": str(merged.id),
        "list3": str(a_list3.id),
        "entry3": str(a_list3.entries[0].id),
        "tag": str(tags["a-secret-tag"]["id"]),
        "tag3": str(tags["a-secret-tag3"]["id"]),
        "tag2_name": "a-secret-tag2",
        "field2_name": "a-secret-field2",
        "tag_name": "a-secret-tag",
        "field": str(fields["a-secret-field"]["id"]),
        "field_uuid": fields["a-secret-field"]["uuid"],
        "field3_uuid": fields["a-secret-field3"]["uuid"],
        "field4_uuid": fields["a-secret-field4"]["uuid"],
        "field_name": "a-secret-field",
        "bot": str(bot.id),
        "base": str(base.id),
        "list": str(a_list.id),
        "list2": str(a_list2.id),
        "entry": str(a_list.entries[0].id),
        "user": str(a_user.id),
        "a_email": a_user.email,
        "token": str(next(t["id"] for t in tokens if t["label"] == "a-secret-token")),
        "job": str(job.json()["id"]),
        "phone": "79161234567",
        "external": "A-SECRET-EXT",
        "telegram": telegram,
        "webhook": str(hook.webhook.id),
        "delivery": str(deliveries[0]["id"]),
        "b_base": str(b_base.id),
        "b_bot": str(b_bot.id),
        "b_list": str(b_list.id),
        "b_tag": str(b_tags[0]["id"]),
        "b_field_uuid": b_fields[0]["uuid"],
        "b_email": b_user.email,
    }
    secrets = [
        "a-secret",  # in every name, value, e-mail and file name of A's
        "9161234567",  # A's phone, in whatever format
        "9160000000",  # A's list entry
        contact.uuid,
        *(f["uuid"] for f in fields.values()),
        a.token[:12],
        a_token[:12],
    ]

    def credential(dialect: str, org: Org | str) -> tuple[dict[str, str], dict[str, str]]:
        token = org if isinstance(org, str) else org.token
        bearer = {"Authorization": f"Bearer {token}"}
        return {
            "native": (bearer, {}),
            "twin": (bearer, {}),
            "plusofon": ({**bearer, "Client": "10553", "Accept": "application/json"}, {}),
            "watbot": ({"Accept": "application/json"}, {"api_token": token}),
            "obzvonilka": ({}, {"api_key": token}),
        }[dialect]

    creds = {
        name: (lambda who, name=name: credential(name, who))
        for name in ("native", "twin", "plusofon", "watbot", "obzvonilka")
    }
    # The web interface: B's administrator and A's member, each signed in.
    ui = {
        b.id: await _ui_session(app, hub, b_user.email),
        a.id: await _ui_session(app, hub, a_user.email),
    }
    spare = await _ui_session(app, hub, b_user.email)
    kept = await client.post(
        "/ui/imports",
        files={"file": ("a-secret.csv", b"name,phone\nA-secret-row,79990000017\n", "text/csv")},
        headers=ui[a.id],
    )
    assert kept.status_code == 200, kept.text
    upload_key = re.search(r'name="key" value="([^"]+)"', kept.text)
    assert upload_key is not None
    ids["upload_key"] = upload_key.group(1)
    # A's fault rule, on a path nobody calls, for the integrators' page's remove.
    rules = cast(ControlState, app.state.control).rules
    ids["fault"] = str(rules.add_fault(a.id, FaultRule(path="/a-nowhere", status=503)).id)
    creds["ui"] = lambda who: (ui[who.id if isinstance(who, Org) else 0], {})
    creds["ui_spare"] = lambda who: (spare, {})
    # TWIN's B calls with its login token, as the vendor's clients do.
    creds["twin"] = lambda who: credential("twin", b_jwt if who == b else who)
    return World(ids=ids, secrets=secrets, credentials=creds)


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


async def _send(
    client: AsyncClient, world: World, method: str, call: Call, who: Org, *, missing: bool = False
) -> tuple[Response, str]:
    """The call with ``who``'s credential (with ids of nothing if ``missing``); answers the
    response and what the caller sent."""
    headers, auth_params = world.credentials[call.dialect](who)
    ids = {**world.ids, **MISSING} if missing else world.ids
    # A query written in the path is sent with the call's parameters: httpx (0.28+) would
    # replace it with ``params``, even an empty one.
    path, _, written = _fill(call.path, ids).partition("?")
    params = [
        *httpx.QueryParams(written).multi_items(),
        *{**auth_params, **_fill(call.params, ids)}.items(),
    ]
    body = _fill(call.json, ids)
    if call.path == "/api/v1/auth/login" and isinstance(body, dict) and "companyId" in body:
        body["companyId"] = int(body["companyId"])
    kwargs: dict[str, Any] = {"params": params, "headers": headers}
    if call.files is not None:
        kwargs["files"] = call.files
    elif call.form is not None:
        kwargs["data"] = _fill(call.form, ids)
    elif body is not None:
        kwargs["json"] = body
    answer = await client.request(method, path, **kwargs)
    location = answer.headers.get("location", "")
    signed_out = location.startswith("/ui/login?")
    if call.dialect.startswith("ui") and answer.status_code == 303 and not signed_out:
        # A browser follows the 303 after a form to the page that shows its result (by hand:
        # httpx drops a Cookie header it did not set itself); one to the sign-in form is a
        # session that did not work, left as the 303 it is.
        answer = await client.get(answer.headers["location"], headers=headers)
    return answer, f"{path} {params} {body} {call.form}"


# What a webhook delivery worker writes as it tries A's deliveries: the live server (a
# session-scoped fixture over the same database, started by any earlier test) runs one, and it
# may try A's pending deliveries while B's calls run. A's own job, not B's doing; B's reach to
# a delivery is held by its FOREIGN cases (redeliver) and the columns that stay compared.
WORKER_COLUMNS = {
    "webhook_deliveries": ("attempts", "next_attempt_at", "last_status", "last_error", "updated_at")
}


async def _rows_of(hub: Hub, org_id: int) -> dict[str, list[str]]:
    """Every row of the organization, in every table that has an ``org_id``."""
    async with hub.db.read() as conn:
        tables = [
            "organizations", "api_tokens", "bots", "contact_bases", "contact_lists",
            "custom_fields", "imports", "tags", "users", "contact_list_entries", "contacts",
            "import_rejects", "user_sessions", "session_families", "contact_list_phones",
            "contact_phones", "contact_tags", "field_values", "events", "event_counters",
            "contact_aliases", "webhooks", "webhook_deliveries",
        ]  # fmt: skip
        found = {}
        for table in tables:
            column = "id" if table == "organizations" else "org_id"
            rows = await conn.fetch_all(
                f"SELECT * FROM {table} WHERE {column} = :org",
                {"org": org_id},
            )
            skipped = WORKER_COLUMNS.get(table, ())
            found[table] = sorted(
                repr(tuple(row[k] for k in row.keys() if k not in skipped))  # noqa: SIM118
                for row in rows
            )
    return found


def _shape(answer: Response) -> tuple[int, Any]:
    """The status and the JSON keys of an answer (the values may name the ids asked for)."""
    try:
        body = answer.json()
    except ValueError:
        return answer.status_code, answer.headers.get("content-type")
    if isinstance(body, dict):
        return answer.status_code, sorted(body)
    return answer.status_code, type(body).__name__


def _control_order(method: str, call: Call) -> tuple[int, int, bool]:
    """Reads and changes first; then deletes and the PUTs that replace all tags or entries, those
    naming the most ids first (a tag of the contact before the contact's tags, an entry before
    its list); A's contact itself last, deleted and then erased."""
    if call.path.endswith("/contacts/{contact_uuid}") and method == "DELETE":
        return 2, 0, False
    if call.path.endswith("/erase"):  # after the delete: an erase takes a deleted contact too
        return 2, 1, False
    depth = -(call.path.count("{") + str(call.params).count("{"))
    if method == "PUT" and call.path.endswith(("/tags", "/entries")):
        return 1, depth, False
    deleting = ("detachTagFromContact", "deleteContactVariable", "/delete")
    if method == "DELETE" or call.path.endswith(deleting):
        return 1, depth, True
    return 0, 0, False


def _leaks(text: str, secrets: list[str], sent: str) -> list[str]:
    lowered, sent = text.lower(), sent.lower()
    return [s for s in secrets if s.lower() in lowered and s.lower() not in sent]


async def test_b_reaches_nothing_of_a(
    client: AsyncClient, app: Litestar, hub: Hub, org: Org, other_org: Org
) -> None:
    a, b = org, other_org
    world = await _build(app, client, hub, a, b)
    before = await _rows_of(hub, a.id)
    assert sum(map(len, before.values())) > 15

    failures: list[str] = []
    calls = 0
    for (method, route), cases in sorted(CASES.items()):
        for call in cases:
            answer, sent = await _send(client, world, method, call, b)
            calls += 1
            where = f"{method} {route} [{call.kind}] {sent}"
            if call.kind == FOREIGN:
                nothing, _ = await _send(client, world, method, call, b, missing=True)
                if answer.status_code not in (404, 422) or _shape(answer) != _shape(nothing):
                    failures.append(
                        f"{where}: {answer.status_code} {answer.text[:200]}"
                        f" (for ids of nothing: {nothing.status_code} {nothing.text[:200]})"
                    )
            elif answer.status_code not in EXPECTED[call.kind]:
                failures.append(f"{where}: {answer.status_code} {answer.text[:200]}")
            if leaked := _leaks(answer.text, world.secrets, sent):
                failures.append(f"{where}: leaks {leaked}: {answer.text[:300]}")
    assert not failures, "\n".join(failures)
    assert calls >= len(CASES)
    assert await _rows_of(hub, a.id) == before

    # The control: A's own credential on the same calls reaches a record (so B's 404 was the
    # wall, not a typo in the path). Writes run too, deletes last, deepest paths first.
    # Watbot answers every verb alike: one of each call is enough there.
    foreign = {
        (method if call.dialect != "watbot" else "POST", call.dialect, str(call)): call
        for (method, _), cases in CASES.items()
        for call in cases
        if call.kind == FOREIGN and "{b_" not in str(call)
    }
    missed = []
    for key in sorted(foreign, key=lambda key: _control_order(key[0], foreign[key])):
        method, call = key[0], foreign[key]
        answer, sent = await _send(client, world, method, call, a)
        if answer.status_code == 404 or answer.status_code >= 500:
            missed.append(f"{method} {sent}: {answer.status_code} {answer.text[:200]}")
    assert not missed, "\n".join(missed)
