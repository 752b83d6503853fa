"""/api/hub/v1/imports and /exports through HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from httpx import AsyncClient as Client

from tests.factories import Org, make_base, make_contact

IMPORTS = "/api/hub/v1/imports"
EXPORTS = "/api/hub/v1/exports"
CSV = "ФИО;Телефон;Теги\nАнна;8 999 111-22-33;a|b\nБорис;не номер;\nВера;+7 912 000 11 22;\n"


async def _finished(client: Client, org: Org, job_id: int) -> dict[str, Any]:
    for _ in range(500):
        answer = await client.get(f"{IMPORTS}/{job_id}", headers=org.auth)
        assert answer.status_code == 200, answer.text
        if answer.json()["status"] in ("done", "failed"):
            return dict(answer.json())
        await asyncio.sleep(0.01)
    raise AssertionError("the import did not finish")


async def _upload(
    client: Client, org: Org, content: bytes, name: str = "base.csv", **form: Any
) -> Any:
    return await client.post(
        IMPORTS, files={"file": (name, content, "text/csv")}, data=form, headers=org.auth
    )


async def test_upload_then_poll_then_rejects(client: Client, org: Org) -> None:
    answer = await _upload(client, org, CSV.encode("cp1251"), base="Обзвон", map="Теги=tags")
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert answer.headers["location"] == f"{IMPORTS}/{job['id']}"
    assert job["status"] in ("queued", "running", "done")
    assert job["file_name"] == "base.csv"
    done = await _finished(client, org, job["id"])
    assert done["status"] == "done"
    assert done["counts"] == {"created": 2, "updated": 0, "skipped": 0, "invalid": 1}
    assert done["rows_done"] == 3
    assert done["options"]["encoding"] == "cp1251"
    assert done["options"]["delimiter"] == ";"

    rejects = await client.get(f"{IMPORTS}/{job['id']}/rejects", headers=org.auth)
    assert rejects.status_code == 200
    assert rejects.json() == {
        "items": [
            {
                "row": 2,
                "reason": "phone: 'не номер' is not a valid phone number",
                "data": ["Борис", "не номер", ""],
            }
        ],
        "next_cursor": None,
    }
    contacts = await client.get("/api/hub/v1/contacts", headers=org.auth)
    names = sorted(c["name"] for c in contacts.json()["items"])
    assert names == ["Анна", "Вера"]
    listed = await client.get(IMPORTS, headers=org.auth)
    assert [item["id"] for item in listed.json()["items"]] == [job["id"]]


async def test_a_black_list_and_a_dry_run(client: Client, org: Org) -> None:
    numbers = b"number\n89990000001\n89990000002\n89990000001\n"
    dry = await _upload(client, org, numbers, list="Стоп", type="black", dry_run="true")
    assert dry.status_code == 202, dry.text
    done = await _finished(client, org, dry.json()["id"])
    assert done["dry_run"] is True
    assert done["counts"]["created"] == 2
    assert (await client.get("/api/hub/v1/lists", headers=org.auth)).json()["items"] == []
    real = await _upload(client, org, numbers, list="Стоп", type="black")
    done = await _finished(client, org, real.json()["id"])
    assert done["counts"] == {"created": 2, "updated": 0, "skipped": 1, "invalid": 0}
    report = await client.get("/api/hub/v1/phones/89990000002", headers=org.auth)
    assert report.json()["blocked"] is True


async def test_bad_uploads_are_refused_at_once(client: Client, org: Org) -> None:
    cases = [
        (await _upload(client, org, b"name,phone\n", dedupe="email"), 422, "dedupe"),
        (await _upload(client, org, b"name,phone\n", map="name=nick"), 422, "map"),
        (await _upload(client, org, b"name,phone\n", list="L", type="grey"), 422, "type"),
        (await _upload(client, org, b"", name="empty.csv"), 422, "file"),
        (await _upload(client, org, b"x", name="notes.docx"), 422, "format"),
        (await _upload(client, org, b"name\n", colour="red"), 422, "colour"),
        (await _upload(client, org, b"name\n", dry_run="maybe"), 422, "dry_run"),
        (await _upload(client, org, b"not a zip", name="b.xlsx"), 422, "file"),
    ]
    for answer, status, field in cases:
        assert answer.status_code == status, answer.text
        body = answer.json()
        assert answer.headers["content-type"] == "application/problem+json"
        assert body["code"] == "invalid"
        assert field in body["errors"], body
    no_file = await client.post(
        IMPORTS, data={"base": "x"}, files={"x": ("a", b"")}, headers=org.auth
    )
    assert no_file.status_code == 422
    json_body = await client.post(IMPORTS, json={"file": "x"}, headers=org.auth)
    assert json_body.status_code == 415
    assert json_body.json()["code"] == "unsupported_media_type"
    missing = await client.get(f"{IMPORTS}/999", headers=org.auth)
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    anonymous = await client.get(IMPORTS)
    assert anonymous.status_code == 401
    assert (await client.get(IMPORTS, headers=org.auth)).json()["items"] == []


async def test_another_organizations_imports_do_not_exist(
    client: Client, org: Org, other_org: Org
) -> None:
    job = (await _upload(client, org, CSV.encode())).json()
    await _finished(client, org, job["id"])
    for path in (f"{IMPORTS}/{job['id']}", f"{IMPORTS}/{job['id']}/rejects"):
        answer = await client.get(path, headers=other_org.auth)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found")
    assert (await client.get(IMPORTS, headers=other_org.auth)).json()["items"] == []
    exported = await client.get(EXPORTS, params={"format": "jsonl"}, headers=other_org.auth)
    assert exported.text == ""


async def test_export_streams_every_format(client: Client, org: Org, other_org: Org) -> None:
    base = await make_base(org, "Обзвон")
    await make_contact(org, "Анна", ["89990000001"], tags=["a"], base_id=base.id)
    await make_contact(org, "Борис", ["89990000002"], fields={"Город": "Тверь"})
    csv_answer = await client.get(EXPORTS, headers=org.auth)
    assert csv_answer.status_code == 200
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert 'filename="contacts.csv"' in csv_answer.headers["content-disposition"]
    lines = csv_answer.text.splitlines()
    assert lines[0].endswith("phone1,tags,field:Город")
    assert len(lines) == 3
    only_base = await client.get(
        EXPORTS, params={"format": "jsonl", "base_id": base.id}, headers=org.auth
    )
    records = [json.loads(line) for line in only_base.text.splitlines()]
    assert [(r["name"], r["base"], r["tags"]) for r in records] == [("Анна", "Обзвон", ["a"])]
    tagged = await client.get(EXPORTS, params={"format": "jsonl", "tag": "a"}, headers=org.auth)
    assert len(tagged.text.splitlines()) == 1
    xlsx = await client.get(EXPORTS, params={"format": "xlsx"}, headers=org.auth)
    assert xlsx.content[:2] == b"PK"
    bad = await client.get(EXPORTS, params={"format": "pdf"}, headers=org.auth)
    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        {"format": ["format must be csv, xlsx or jsonl"]},
    )
    foreign_base = await client.get(EXPORTS, params={"base_id": base.id}, headers=other_org.auth)
    assert (foreign_base.status_code, foreign_base.json()["code"]) == (404, "not_found")


async def test_uploads_larger_than_the_body_limit_are_refused(client: Client, org: Org) -> None:
    big = b"name,phone\n" + b"x" * (17 * 1024 * 1024)
    answer = await _upload(client, org, big)
    assert answer.status_code == 413
    assert answer.json()["code"] == "request_entity_too_large"
