"""Import from the page: the guessed reading shown and changed, the job's progress, the refused
rows; and the kept upload stays its organization's."""

from __future__ import annotations

import asyncio
import io
import re

import httpx
import openpyxl

from tests.factories import Org, make_contact, make_list, make_user
from tests.ui.support import PASSWORD, csrf_of, sign_in

CP1251_CSV = "ФИО;Телефон;Город\nИван Петров;8 916 100-00-01;Тверь\nБез номера;не номер;Омск\n"


async def _upload(browser: httpx.AsyncClient, name: str, content: bytes) -> httpx.Response:
    page = await browser.get("/ui/imports")
    return await browser.post(
        "/ui/imports",
        data={"csrf": csrf_of(page)},
        files={"file": (name, content, "application/octet-stream")},
    )


def _hidden(page: httpx.Response, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page.text)
    assert found is not None, name
    return found.group(1)


async def _wait(browser: httpx.AsyncClient, job_url: str) -> dict[str, object]:
    seen: list[int] = []
    for _ in range(400):
        state = (await browser.get(f"{job_url}/progress")).json()
        seen.append(state["done"])
        if state["finished"]:
            assert seen == sorted(seen)  # the counts only grow
            return dict(state)
        await asyncio.sleep(0.02)
    raise AssertionError("the import did not end")


async def test_the_guessed_reading_is_shown_changed_and_run(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    preview = await _upload(signed_in, "база.csv", CP1251_CSV.encode("cp1251"))
    assert preview.status_code == 200, preview.text
    assert re.search(r'<option value="cp1251" selected>', preview.text)
    assert re.search(r'<option value=";" selected>', preview.text)
    # ФИО and Телефон are known by their names; Город is nobody's until it is chosen.
    targets = re.findall(r'<select id="t-\d+" name="target\[\]">.*?</select>', preview.text, re.S)
    chosen = [re.search(r'value="([^"]+)" selected', t) for t in targets]
    assert [c.group(1) if c else None for c in chosen] == ["name", "phone", "skip"]
    form = {
        "csrf": csrf_of(preview),
        "key": _hidden(preview, "key"),
        "suffix": _hidden(preview, "suffix"),
        "name": "база.csv",
        "mappable": "yes",
        "encoding": "cp1251",
        "delimiter": ";",
        "column[]": ["ФИО", "Телефон", "Город"],
        "target[]": ["name", "phone", "field:Город"],
        "base": "Из браузера",
        "dedupe": "phone",
    }
    started = await signed_in.post("/ui/imports/start", data=form)
    assert started.status_code == 303, started.text
    job_url = started.headers["location"]
    state = await _wait(signed_in, job_url)
    assert state["status"] == "done"
    assert state["counts"] == {"done": 2, "created": 1, "updated": 0, "skipped": 0, "invalid": 1}
    summary = await signed_in.get(job_url)
    assert "rejects.csv" in summary.text
    rejects = await signed_in.get(f"{job_url}/rejects.csv")
    assert rejects.status_code == 200
    assert rejects.headers["content-type"].startswith("text/csv")
    lines = rejects.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,reason,data"
    assert lines[1].startswith("2,")
    assert "Без номера" in lines[1]
    found = (await signed_in.get("/api/hub/v1/contacts?q=Петров", headers=org.auth)).json()
    assert found["items"][0]["fields"] == {"Город": "Тверь"}
    assert found["items"][0]["phones"][0]["e164"] == "+79161000001"


async def test_reading_again_with_another_delimiter(signed_in: httpx.AsyncClient) -> None:
    preview = await _upload(signed_in, "a.csv", b"name,phone;x\nA,79160000001;1\n")
    assert re.search(r'<option value="," selected>', preview.text)
    again = await signed_in.post(
        "/ui/imports/preview",
        data={"csrf": csrf_of(preview), "key": _hidden(preview, "key"),
              "suffix": ".csv", "name": "a.csv", "delimiter": ";", "encoding": "utf-8-sig"},
    )  # fmt: skip
    assert again.status_code == 200
    assert re.search(r'<option value=";" selected>', again.text)
    assert "name,phone" in again.text  # now one column of that name


async def test_a_file_of_another_kind_is_refused(signed_in: httpx.AsyncClient) -> None:
    answer = await _upload(signed_in, "notes.docx", b"PK\x03\x04")
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text


async def test_another_organizations_upload_is_not_theirs(
    signed_in: httpx.AsyncClient, app: object, other_org: Org
) -> None:
    preview = await _upload(signed_in, "a.csv", b"name,phone\nA,79160000001\n")
    key = _hidden(preview, "key")
    stranger = await make_user(other_org, "stranger@example.com", PASSWORD, admin=True)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://contacthub.test") as other:
        await sign_in(other, stranger.email)
        page = await other.get("/ui/imports")
        for url in ("/ui/imports/preview", "/ui/imports/start"):
            answer = await other.post(
                url, data={"csrf": csrf_of(page), "key": key, "suffix": ".csv", "name": "a.csv"}
            )
            assert answer.status_code == 404, url
        forged = await other.post(
            "/ui/imports/start", data={"csrf": csrf_of(page), "key": "../../etc", "suffix": ".csv"}
        )
        assert forged.status_code == 404


async def test_export_takes_the_tables_filters(signed_in: httpx.AsyncClient, org: Org) -> None:
    await make_contact(org, "Анна Найденная", ["79160000101"], tags=["VIP"])
    await make_contact(org, "Анна Другая", ["79160000102"])
    await make_contact(org, "Борис Найденный", ["79160000103"], tags=["VIP"])
    await make_list(org, "Стоп", entries={"x": ["79160000103"]})
    searched = await signed_in.get("/ui/export", params={"q": "Анна", "tag": "VIP"})
    assert searched.status_code == 200
    assert "attachment" in searched.headers["content-disposition"]
    body = searched.content.decode("utf-8-sig")
    assert "Анна Найденная" in body
    assert "Анна Другая" not in body
    assert "Борис" not in body
    blocked = await signed_in.get("/ui/export", params={"blocked": "yes", "format": "jsonl"})
    names = [line for line in blocked.text.splitlines() if line]
    assert len(names) == 1
    assert "Борис Найденный" in names[0]
    refused = await signed_in.get("/ui/export", params={"format": "pdf"})
    assert refused.status_code == 422


def _workbook(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_xlsx_and_json_lines_are_read_and_imported(
    signed_in: httpx.AsyncClient, org: Org
) -> None:
    files = {
        "книга.xlsx": _workbook([["Имя", "Телефон"], ["Из Excel", "79160000201"]]),
        "поток.jsonl": '{"name": "Из JSONL", "phone": "79160000202"}\n'.encode(),
    }
    for name, content in files.items():
        preview = await _upload(signed_in, name, content)
        assert preview.status_code == 200, preview.text
        assert 'id="format">' + name.rsplit(".", 1)[1] in preview.text
        mappable = _hidden(preview, "mappable")
        form = {
            "csrf": csrf_of(preview),
            "key": _hidden(preview, "key"),
            "suffix": _hidden(preview, "suffix"),
            "name": name,
            "mappable": mappable,
        }
        if mappable == "yes":
            form |= {"column[]": ["Имя", "Телефон"], "target[]": ["name", "phone"]}
        started = await signed_in.post("/ui/imports/start", data=form)
        assert started.status_code == 303, started.text
        state = await _wait(signed_in, started.headers["location"])
        assert state["counts"]["created"] == 1, (name, state)
    listed = (await signed_in.get("/api/hub/v1/contacts?q=Из ", headers=org.auth)).json()
    assert sorted(c["name"] for c in listed["items"]) == ["Из Excel", "Из JSONL"]
