"""What is measured: each scenario is one request shape, sent with random contacts by wrk."""

from __future__ import annotations

from dataclasses import dataclass

from bench.dataset import FIELD
from bench.load import Request

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    kind: str  # "read" | "write" | "ceiling"
    request: Request


def hot_reads(token: str, base: int) -> list[Scenario]:
    bearer = {"Authorization": f"Bearer {token}"}
    return [
        Scenario(
            "native_get",
            "native GET /contacts/{id}",
            "read",
            Request("/api/hub/v1/contacts/{id}", headers=bearer),
        ),
        Scenario(
            "native_phone",
            "native GET /phones/{number}",
            "read",
            Request("/api/hub/v1/phones/{phone}", headers=bearer),
        ),
        Scenario(
            "obzvonilka_get",
            "Obzvonilka GET contact",
            "read",
            Request(
                f"/api/contact_bases/{base}/contacts/{{id}}.json", headers={"X-API-KEY": token}
            ),
        ),
        Scenario(
            "watbot_get_variables",
            "Watbot getContactVariables",
            "read",
            Request(f"/api/v1/getContactVariables?api_token={token}&contact_id={{id}}"),
        ),
        Scenario(
            "plusofon_get_list",
            "Plusofon GET list (10 numbers)",
            "read",
            Request("/api/v1/contact-lists/{list}", headers={**bearer, "Client": "10553"}),
        ),
    ]


def hot_writes(token: str, base: int) -> list[Scenario]:
    field = "%D0%93%D0%BE%D1%80%D0%BE%D0%B4"  # Город, as a form encodes it
    assert FIELD == "Город"
    return [
        Scenario(
            "watbot_set_variable",
            "Watbot setContactVariable",
            "write",
            Request(
                "/api/v1/setContactVariable",
                method="POST",
                headers=FORM,
                body=f"api_token={token}&contact_id={{id}}&name={field}&value=v{{rand}}",
            ),
        ),
        Scenario(
            "obzvonilka_post",
            "Obzvonilka POST contact",
            "write",
            Request(
                f"/api/contact_bases/{base}/contacts.json",
                method="POST",
                headers={**FORM, "X-API-KEY": token},
                body="contact%5Bname%5D=Bench+{rand}&contact%5Bphone1%5D=8926{num7}",
            ),
        ),
    ]


def by_id(name: str, label: str) -> Scenario:
    """GET /contacts/{id} on a comparison server (json-server, bare Starlette, bare asyncpg)."""
    return Scenario(name, label, "ceiling", Request("/contacts/{id}"))
