"""Organization B's token against every native route with organization A's ids.

The route list comes from the app itself, so a new route without a case here fails the test.
B must get 404 for A's ids (never 403: ids must not leak), see none of A's data in lists, and
change nothing of A's.
"""

from __future__ import annotations

import re
from typing import Any

from httpx import AsyncClient
from litestar import Litestar

from contacthub.core.scope import Hub
from tests.factories import (
    Org,
    make_base,
    make_bot,
    make_contact,
    make_list,
    make_token,
    make_user,
)

API = "/api/hub/v1"

# A valid body for every route that takes one (keyed by method and path template).
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/contacts"): {"name": "B's contact"},
    ("PATCH", "/contacts/{ref}"): {"name": "hijacked"},
    ("POST", "/contacts/{ref}/tags"): {"name": "hijacked"},
    ("PUT", "/contacts/{ref}/tags"): {"tags": ["hijacked"]},
    ("PUT", "/contacts/{ref}/fields/{name}"): {"value": "hijacked"},
    ("POST", "/tags"): {"name": "b-tag"},
    ("PATCH", "/tags/{tag_id}"): {"name": "hijacked"},
    ("POST", "/fields"): {"name": "b-field"},
    ("PATCH", "/fields/{ref}"): {"name": "hijacked"},
    ("POST", "/bots"): {"name": "b-bot"},
    ("PATCH", "/bots/{bot_id}"): {"name": "hijacked"},
    ("POST", "/bases"): {"name": "b-base"},
    ("PATCH", "/bases/{base_id}"): {"name": "hijacked"},
    ("POST", "/lists"): {"name": "b-list", "type": "black"},
    ("PATCH", "/lists/{list_id}"): {"name": "hijacked"},
    ("PUT", "/lists/{list_id}/entries"): {"entries": []},
    ("POST", "/lists/{list_id}/entries"): {"name": "x", "phones": ["79990000009"]},
    ("POST", "/users"): {"email": "b@example.com", "password": "long enough"},
    ("PATCH", "/users/{user_id}"): {"name": "hijacked"},
    ("POST", "/tokens"): {"label": "b"},
}
# Routes whose body is a multipart upload.
UPLOADS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/imports"): {"file": ("b.csv", b"name,phone\nB-row,79990000008\n", "text/csv")},
}
# Routes without A's ids: B acts on its own organization and must see nothing of A's.
OWN_SCOPE = {
    ("GET", "/contacts"),
    ("POST", "/contacts"),
    ("GET", "/tags"),
    ("POST", "/tags"),
    ("GET", "/fields"),
    ("POST", "/fields"),
    ("GET", "/bots"),
    ("POST", "/bots"),
    ("GET", "/bases"),
    ("POST", "/bases"),
    ("GET", "/lists"),
    ("POST", "/lists"),
    ("GET", "/users"),
    ("POST", "/users"),
    ("GET", "/tokens"),
    ("POST", "/tokens"),
    ("GET", "/organization"),
    ("GET", "/phones/{number}"),
    ("GET", "/imports"),
    ("POST", "/imports"),
    ("GET", "/exports"),
}


def native_routes(app: Litestar) -> list[tuple[str, str]]:
    routes = []
    for route in app.routes:
        if not route.path.startswith(API):
            continue
        template = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path[len(API) :])
        routes += [
            (method, template) for method in route.methods if method not in {"HEAD", "OPTIONS"}
        ]
    return sorted(routes)


async def _import_job(client: AsyncClient, a: Org) -> int:
    """An import job of A's (a dry run: it changes no contact)."""
    csv = b"name,phone\nA-import,79990000007\n"
    answer = await client.post(
        f"{API}/imports",
        files={"file": ("a.csv", csv, "text/csv")},
        data={"dry_run": "true"},
        headers=a.auth,
    )
    assert answer.status_code == 202, answer.text
    return int(answer.json()["id"])


async def _snapshot(client: AsyncClient, a: Org, contact_id: int, list_id: int) -> list[str]:
    urls = ["/contacts", f"/contacts/{contact_id}", "/tags", "/fields", "/bots", "/bases",
            f"/lists/{list_id}", "/users", "/tokens"]  # fmt: skip
    snapshot = []
    for url in urls:
        answer = await client.get(f"{API}{url}", headers=a.auth)
        assert answer.status_code == 200
        snapshot.append(re.sub(r'"last_used_at":"[^"]*"', "", answer.text))
    return snapshot


async def test_b_reaches_nothing_of_a(
    client: AsyncClient, app: Litestar, hub: Hub, org: Org, other_org: Org
) -> None:
    a, b = org, other_org
    base = await make_base(a, "A-base")
    bot = await make_bot(a, "A-bot")
    contact = await make_contact(
        a, "A-secret-name", ["79161234567"], tags=["a-tag"], fields={"a-field": "v"},
        base_id=base.id, bot_id=bot.id,
    )  # fmt: skip
    found = await make_list(a, "A-list", entries={"A-entry": ["79160000000"]})
    assert found.entries is not None
    user = await make_user(a, "a-user@example.com")
    await make_token(a, "a-second")
    tokens = (await client.get(f"{API}/tokens", headers=a.auth)).json()["items"]
    tag_id = (await client.get(f"{API}/tags", headers=a.auth)).json()["items"][0]["id"]
    field_uuid = (await client.get(f"{API}/fields", headers=a.auth)).json()["items"][0]["uuid"]
    ids = {
        "ref": str(contact.id),
        "tag_id": str(tag_id),
        "bot_id": str(bot.id),
        "base_id": str(base.id),
        "list_id": str(found.id),
        "entry_id": str(found.entries[0].id),
        "user_id": str(user.id),
        "token_id": str(tokens[-1]["id"]),
        "number": "79161234567",
        "job_id": str(await _import_job(client, a)),
    }
    before = await _snapshot(client, a, contact.id, found.id)

    routes = native_routes(app)
    covered = 0
    for method, template in routes:
        names = dict(ids)
        names["name"] = "a-field" if "/fields/" in template else "a-tag"
        if template == "/fields/{ref}":
            names["ref"] = field_uuid
        path = template.format(**names)
        body = BODIES.get((method, template))
        upload = UPLOADS.get((method, template))
        if method in {"POST", "PUT", "PATCH"}:
            assert body is not None or upload is not None, f"add a body for {method} {template}"
        if upload is not None:
            answer = await client.request(method, f"{API}{path}", files=upload, headers=b.auth)
        else:
            answer = await client.request(method, f"{API}{path}", json=body, headers=b.auth)
        if (method, template) in OWN_SCOPE:
            assert answer.status_code < 400, (method, template, answer.text)
            for secret in (
                "A-secret-name",
                "A-list",
                "A-base",
                "A-bot",
                "a-user@",
                "a-second",
                "a.csv",
            ):
                assert secret not in answer.text, (method, template)
        else:
            assert answer.status_code == 404, (method, template, answer.status_code, answer.text)
            assert answer.json()["code"] == "not_found"
        covered += 1

        # The UUID of A's contact is no better a key than its integer id.
        if "{ref}" in template and not template.startswith("/fields"):
            by_uuid = template.format(**{**names, "ref": contact.uuid})
            again = await client.request(method, f"{API}{by_uuid}", json=body, headers=b.auth)
            assert again.status_code == 404, (method, by_uuid)

    assert covered == len(routes) > 30
    assert await _snapshot(client, a, contact.id, found.id) == before
