"""Duplicates by e-mail: folded in Python (Cyrillic and ё too, which SQLite's lower() is not),
grouped on the index of (org_id, email_folded) of live contacts, kept in step by every write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from contacthub.core import duplicates
from contacthub.core.scope import Hub
from tests.bulk_support import import_file
from tests.core.test_query_plans import _capture, _plan
from tests.factories import Org

API = "/api/hub/v1"


async def _groups(client: AsyncClient, org: Org) -> list[tuple[str, str, list[int]]]:
    answer = await client.get(f"{API}/duplicates", params={"limit": 100}, headers=org.auth)
    assert answer.status_code == 200, answer.text
    return [(g["kind"], g["value"], g["contact_ids"]) for g in answer.json()["items"]]


async def _create(client: AsyncClient, org: Org, body: dict[str, Any]) -> int:
    made = await client.post(f"{API}/contacts", json=body, headers=org.auth)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


async def test_emails_group_case_insensitively_in_any_alphabet(
    client: AsyncClient, hub: Hub, org: Org, tmp_path: Path
) -> None:
    a = await _create(client, org, {"name": "A", "email": "Пётр@Почта.рф"})
    b = await _create(client, org, {"name": "B", "email": "пётр@почта.РФ"})
    c = await _create(client, org, {"name": "C", "email": "other@example.com"})
    path = tmp_path / "people.csv"
    path.write_text("name,email\nИмпорт,ПЁТР@ПОЧТА.РФ\n")
    await import_file(hub, org.id, path, dedupe="none")
    groups = await _groups(client, org)
    assert len(groups) == 1
    kind, value, ids = groups[0]
    assert (kind, value, ids[:2]) == ("email", "петр@почта.рф", [a, b])
    assert len(ids) == 3
    # An update moves the contact between groups; a deleted one leaves its group.
    changed = await client.patch(
        f"{API}/contacts/{c}", json={"email": "ПЁТР@почта.рф"}, headers=org.auth
    )
    assert changed.status_code == 200, changed.text
    assert len((await _groups(client, org))[0][2]) == 4
    for gone in (ids[2], c, b):
        await client.delete(f"{API}/contacts/{gone}", headers=org.auth)
    assert await _groups(client, org) == []
    erased = await client.post(f"{API}/contacts/{a}/erase", headers=org.auth)
    assert erased.status_code == 204, erased.text
    restored = await client.post(f"{API}/contacts/{b}/restore", headers=org.auth)
    assert restored.status_code == 200, restored.text
    assert await _groups(client, org) == []  # the erased one's e-mail is gone with it


@pytest.mark.parametrize("after", [None, ("email", "a")])
async def test_email_groups_walk_the_folded_index(
    client: AsyncClient,
    hub: Hub,
    org: Org,
    monkeypatch: pytest.MonkeyPatch,
    after: tuple[str, str] | None,
) -> None:
    for i in range(6):
        await _create(client, org, {"name": f"N{i}", "email": f"E{i % 3}@example.com"})

    async def page() -> Any:
        async with hub.reading(org.id) as s:
            return await duplicates.find_duplicates(s, after=after, limit=2)

    statements = await _capture(monkeypatch, page)
    grouped = [(sql, p) for sql, p in statements if "GROUP BY c.email_folded" in sql]
    assert grouped, statements
    for sql, params in grouped:
        steps = await _plan(hub, sql, params)
        if hub.db.dialect == "sqlite":
            # In the index's order: no sort of the organization's e-mails, no scan.
            assert any("INDEX ix_contacts_org_id_email_folded" in s for s in steps), steps
            assert not any("TEMP B-TREE" in s for s in steps), steps
        else:
            assert not any(s.startswith("Seq Scan") for s in steps), steps
            # On six rows PostgreSQL sorts a bitmap scan's rows; the walk in index order must
            # be there for it to take at scale: priced without sorts and bitmaps, it is.
            assert await _ordered_walk(hub, sql, params), sql


async def _ordered_walk(hub: Hub, sql: str, params: dict[str, Any]) -> bool:
    async with hub.db.write() as conn:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            await conn.execute(f"SET LOCAL {setting} = off")
        value = await conn.fetch_value("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = json.loads(value) if isinstance(value, str) else value
    nodes: list[dict[str, Any]] = []

    def walk(node: dict[str, Any]) -> None:
        nodes.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    kinds = [node["Node Type"] for node in nodes]
    used = {node.get("Index Name") for node in nodes}
    return "Sort" not in kinds and "ix_contacts_org_id_email_folded" in used
