"""Bulk import through the core: formats, encodings, delimiters, mapping, bad rows, dedupe."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from contacthub.core import bases, lists
from contacthub.core.bulk import jobs, runner
from contacthub.core.bulk.prepare import UNREADABLE_ROW, Preparer
from contacthub.core.bulk.runner import ImportOptions, new_runner, open_import, plan_import
from contacthub.core.scope import Hub
from contacthub.errors import Invalid, TakenOver
from tests.bulk_support import all_contacts, import_file
from tests.factories import Org, make_contact

HEADER = ["ФИО", "Телефон", "Email", "Теги", "Город"]
ROWS = [
    ["Иванов Иван", "8 999 888-77-66", "ivan@example.com", "Горячий|Реклама", "Москва"],
    ["Петров Пётр", "+7 (912) 345-67-89; 8 916 123 45 67", "", "Реклама", "Тверь"],
    ["Сидорова Анна", "79161112233", "", "", ""],
]


def _csv(path: Path, rows: list[list[str]], *, delimiter: str, encoding: str) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER, *rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "cp1251"), ("\t", "utf-8-sig"), ("|", "cp1251")],
)
async def test_csv_in_any_delimiter_and_encoding(
    hub: Hub, org: Org, tmp_path: Path, delimiter: str, encoding: str
) -> None:
    rows = [[cell.replace("|", "/") for cell in row] for row in ROWS] if delimiter == "|" else ROWS
    path = _csv(tmp_path / "base.csv", rows, delimiter=delimiter, encoding=encoding)
    job = await import_file(hub, org.id, path, base="Обзвон март", mapping=("Город=field:Город",))
    assert (job.status, job.created, job.updated, job.invalid, job.rows_done) == (
        "done",
        3,
        0,
        0,
        3,
    )
    found = {c.name: c for c in await all_contacts(hub, org.id)}
    assert set(found) == {"Иванов Иван", "Петров Пётр", "Сидорова Анна"}
    ivan, petr = found["Иванов Иван"], found["Петров Пётр"]
    assert [(p.number, p.e164) for p in ivan.phones] == [("8 999 888-77-66", "+79998887766")]
    assert [p.e164 for p in petr.phones] == ["+79123456789", "+79161234567"]
    assert ivan.email == "ivan@example.com"
    assert ivan.fields == {"Город": "Москва"}
    expected_tags = ["Горячий/Реклама"] if delimiter == "|" else ["Горячий", "Реклама"]
    assert sorted(ivan.tags or []) == expected_tags
    async with hub.reading(org.id) as s:
        base = (await bases.list_bases(s))[0]
    assert base.name == "Обзвон март"
    assert {c.base_id for c in found.values()} == {base.id}


async def test_bad_rows_are_reported_and_nothing_else_is_lost(
    hub: Hub, org: Org, tmp_path: Path
) -> None:
    rows = [
        ROWS[0],
        ["Плохой номер", "позвоните мне", "", "", ""],
        ["Плохая почта", "89990001122", "not-an-email", "", ""],
        ["", "", "", "", ""],
        ["Слишком длинное имя " * 30, "89990001123", "", "", ""],
        ROWS[2],
    ]
    path = _csv(tmp_path / "bad.csv", rows, delimiter=",", encoding="utf-8")
    job = await import_file(hub, org.id, path)
    assert (job.created, job.invalid, job.skipped, job.rows_done) == (2, 3, 1, 6)
    assert sorted(c.name or "" for c in await all_contacts(hub, org.id)) == [
        "Иванов Иван",
        "Сидорова Анна",
    ]
    async with hub.reading(org.id) as s:
        rejected = await jobs.rejected_rows(s, job.id)
    assert [(r.row, r.reason) for r in rejected] == [
        (2, "phone: 'позвоните мне' is not a valid phone number"),
        (3, "email: 'not-an-email' is not an e-mail address"),
        (5, "name: longer than 500 characters"),
    ]
    assert rejected[0].data == rows[1]


async def test_dedupe_by_phone_merges_into_the_existing_contact(
    hub: Hub, org: Org, tmp_path: Path
) -> None:
    existing = await make_contact(
        org, "Старое имя", ["+7 999 888 77 66"], tags=["Старый"], fields={"Город": "Казань"}
    )
    rows = [
        ["Новое имя", "89998887766, 8 (912) 000-11-22", "", "Новый", "Москва"],
        ["", "79120001122", "same@example.com", "", ""],  # the same person, by the second phone
        ["Другой", "89160000000", "", "", ""],
    ]
    path = _csv(tmp_path / "dupes.csv", rows, delimiter=",", encoding="utf-8")
    job = await import_file(hub, org.id, path, mapping=("Город=field:Город",), batch_size=10)
    assert (job.created, job.updated) == (1, 2)
    found = {c.id: c for c in await all_contacts(hub, org.id)}
    assert len(found) == 2
    merged = found[existing.id]
    assert merged.name == "Новое имя"
    assert merged.email == "same@example.com"
    assert [(p.e164, p.position) for p in merged.phones] == [
        ("+79998887766", 0),
        ("+79120001122", 1),
    ]
    assert sorted(merged.tags or []) == ["Новый", "Старый"]
    assert merged.fields == {"Город": "Москва"}


async def test_dedupe_within_the_file_across_batches(hub: Hub, org: Org, tmp_path: Path) -> None:
    rows = [["Первый", "89990000001", "", "a", ""]] + [
        [f"Человек {i}", f"8999000{i:04d}", "", "", ""] for i in range(2, 8)
    ]
    rows.append(["Первый снова", "+7 999 000 00 01", "", "b", ""])
    path = _csv(tmp_path / "twins.csv", rows, delimiter=",", encoding="utf-8")
    job = await import_file(hub, org.id, path, batch_size=2)
    assert (job.created, job.updated) == (7, 1)
    first = [c for c in await all_contacts(hub, org.id) if c.phones[0].e164 == "+79990000001"]
    assert len(first) == 1
    assert first[0].name == "Первый снова"
    assert sorted(first[0].tags or []) == ["a", "b"]


async def test_dedupe_by_external_code_and_none(hub: Hub, org: Org, tmp_path: Path) -> None:
    await make_contact(org, "Был", ["89990000001"], external_code="X-1")
    path = tmp_path / "codes.csv"
    path.write_text("name,phone,external_code\nСтал,89990000002,X-1\nНовый,89990000001,X-2\n")
    job = await import_file(hub, org.id, path, dedupe="external_code")
    assert (job.created, job.updated) == (1, 1)
    names = sorted(c.name or "" for c in await all_contacts(hub, org.id))
    assert names == ["Новый", "Стал"]
    again = tmp_path / "again.csv"
    again.write_text("name,phone\nДвойник,89990000001\n")
    job = await import_file(hub, org.id, again, dedupe="none")
    assert (job.created, job.updated) == (1, 0)
    assert len(await all_contacts(hub, org.id)) == 3


async def test_unmapped_columns_are_ignored_or_become_fields(
    hub: Hub, org: Org, tmp_path: Path
) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("name,phone,Источник\nА,89990000001,сайт\n")
    job = await import_file(hub, org.id, path)
    assert (await all_contacts(hub, org.id))[0].fields == {}
    other = tmp_path / "extra2.csv"
    other.write_text("name,phone,Источник\nБ,89990000002,выставка\n")
    job = await import_file(hub, org.id, other, unmapped_as_fields=True)
    assert job.created == 1
    by_name = {c.name: c for c in await all_contacts(hub, org.id)}
    assert by_name["Б"].fields == {"Источник": "выставка"}


async def test_bad_options_and_maps_are_refused(hub: Hub, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name,phone\nА,89990000001\n")
    cases = [
        (ImportOptions(mapping=("name=nickname",)), "map"),
        (ImportOptions(mapping=("Нет такой=name",)), "map"),
        (ImportOptions(mapping=("no equals sign",)), "map"),
        (ImportOptions(dedupe="email"), "dedupe"),
        (ImportOptions(list_name="L", list_type="grey"), "type"),
        (ImportOptions(list_name="L", list_type="black", base="B"), "list"),
        (ImportOptions(file_format="docx"), "format"),
        (ImportOptions(encoding="klingon"), "encoding"),
    ]
    for options, field in cases:
        with pytest.raises(Invalid) as caught:
            plan_import(path, path.name, options, "RU")
        assert field in caught.value.fields, (options, caught.value.fields)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(Invalid, match="header"):
        plan_import(empty, empty.name, ImportOptions(), "RU")


async def test_xlsx_with_numeric_phones(hub: Hub, org: Org, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Имя", "Телефон", "Телефон 2", "Теги"])
    sheet.append(["Анна", 79991234567, "8 912 345-67-89", "VIP, Москва"])
    sheet.append(["Борис", 89161234567.0, None, None])
    sheet.append([None, None, None, None])
    path = tmp_path / "base.xlsx"
    book.save(path)
    job = await import_file(hub, org.id, path)
    assert (job.created, job.skipped, job.rows_done) == (2, 1, 3)
    found = {c.name: c for c in await all_contacts(hub, org.id)}
    assert [p.e164 for p in found["Анна"].phones] == ["+79991234567", "+79123456789"]
    assert [p.number for p in found["Борис"].phones] == ["89161234567"]
    assert sorted(found["Анна"].tags or []) == ["VIP", "Москва"]


async def test_json_lines(hub: Hub, org: Org, tmp_path: Path) -> None:
    records = [
        {
            "name": "Анна",
            "phones": [{"number": "89991234567", "remark": "рабочий"}, "+7 912 345 67 89"],
            "tags": ["a,b", "c"],
            "fields": {"Город": "Москва", "Возраст": 30},
            "id": 77,
        },
        "not an object",
        {"name": "Борис", "phone": "89160000000", "utm_source": "google"},
    ]
    path = tmp_path / "people.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{broken", ""]
    path.write_text("\n".join(lines) + "\n")
    job = await import_file(hub, org.id, path)
    assert (job.created, job.invalid, job.rows_done) == (2, 2, 4)
    found = {c.name: c for c in await all_contacts(hub, org.id)}
    anna = found["Анна"]
    assert [(p.e164, p.remark) for p in anna.phones] == [
        ("+79991234567", "рабочий"),
        ("+79123456789", None),
    ]
    assert sorted(anna.tags or []) == ["a,b", "c"]
    assert anna.fields == {"Город": "Москва", "Возраст": "30"}
    assert found["Борис"].utm_source == "google"
    async with hub.reading(org.id) as s:
        reasons = [r.reason for r in await jobs.rejected_rows(s, job.id)]
    assert reasons[0] == "not a JSON object"
    assert reasons[1].startswith("not JSON")


async def test_black_list_import(hub: Hub, org: Org, tmp_path: Path) -> None:
    path = tmp_path / "black.csv"
    path.write_text("number,name\n89990000001,Спамер\n8 999 000-00-01,\n89990000002,\nxyz,\n")
    job = await import_file(hub, org.id, path, list_name="Стоп", list_type="black")
    assert (job.created, job.skipped, job.invalid) == (2, 1, 1)
    again = await import_file(hub, org.id, path, list_name="Стоп", list_type="black")
    assert (again.created, again.skipped) == (0, 3)
    async with hub.reading(org.id) as s:
        (found,) = await lists.list_lists(s)
        detail = await lists.get_list(s, found.id)
    assert (found.name, found.type) == ("Стоп", "black")
    assert [(e.name, [p.e164 for p in e.phones]) for e in detail.entries or []] == [
        ("Спамер", ["+79990000001"]),
        ("89990000002", ["+79990000002"]),
    ]
    with pytest.raises(Invalid, match="black list"):
        await import_file(hub, org.id, path, list_name="Стоп", list_type="white")


async def test_dry_run_counts_and_writes_nothing(hub: Hub, org: Org, tmp_path: Path) -> None:
    await make_contact(org, "Есть", ["89998887766"])
    rows = [*ROWS, ["Дубль", "8 999 888 77 66", "", "", ""], ["", "нет", "", "", ""]]
    path = _csv(tmp_path / "dry.csv", rows, delimiter=",", encoding="utf-8")
    job = await import_file(hub, org.id, path, dry_run=True, base="Новая", batch_size=2)
    assert (job.dry_run, job.created, job.updated, job.invalid) == (True, 2, 2, 1)
    assert [c.name for c in await all_contacts(hub, org.id)] == ["Есть"]
    async with hub.reading(org.id) as s:
        assert await bases.list_bases(s) == []


async def test_a_newer_run_takes_the_job_over(hub: Hub, org: Org, tmp_path: Path) -> None:
    path = _csv(tmp_path / "race.csv", ROWS, delimiter=",", encoding="utf-8")
    first = plan_import(path, path.name, ImportOptions(), "RU")
    first_runner = new_runner()
    job = await open_import(hub, org.id, first, first_runner)
    second = plan_import(path, path.name, ImportOptions(), "RU")
    taken = await open_import(hub, org.id, second, new_runner())
    assert taken.id == job.id  # the same unfinished import
    from contacthub.core.bulk.runner import run_import

    with pytest.raises(TakenOver):
        await run_import(hub, org.id, first, job, first_runner)
    second.close()
    assert await all_contacts(hub, org.id) == []


async def test_a_json_line_nested_like_a_bomb_rejects_its_row(
    hub: Hub, org: Org, tmp_path: Path
) -> None:
    path = tmp_path / "deep.jsonl"
    deep = '{"a":' * 5_000 + "1" + "}" * 5_000
    path.write_text(f'{{"name": "Анна", "phone": "89991234567"}}\n{deep}\n')
    job = await import_file(hub, org.id, path)
    assert (job.status, job.created, job.invalid) == ("done", 1, 1)
    async with hub.reading(org.id) as s:
        (rejected,) = await jobs.rejected_rows(s, job.id)
    assert rejected.reason == "not JSON: JSON is nested more than 32 levels deep"
    assert rejected.data == deep  # the line as written, not the reader's bookkeeping


async def test_a_row_the_code_cannot_read_rejects_that_row_not_the_job(
    hub: Hub, org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Preparer._put

    def failing(self: Preparer, row: Any, target: Any, cell: str) -> None:
        if cell == "Тверь":
            raise IndexError("list index out of range")
        original(self, row, target, cell)

    monkeypatch.setattr(Preparer, "_put", failing)
    path = _csv(tmp_path / "odd.csv", ROWS, delimiter=",", encoding="utf-8")
    job = await import_file(hub, org.id, path, mapping=("Город=field:Город",))
    assert (job.status, job.created, job.invalid) == ("done", 2, 1)
    async with hub.reading(org.id) as s:
        (rejected,) = await jobs.rejected_rows(s, job.id)
    assert (rejected.row, rejected.reason) == (2, UNREADABLE_ROW)
    assert "IndexError" not in rejected.reason


async def test_a_failed_job_says_why_in_a_sentence_and_a_code(
    hub: Hub, org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> tuple[int, int]:
        raise RuntimeError("list index out of range")

    monkeypatch.setattr(runner, "write_contacts", broken)
    path = _csv(tmp_path / "fail.csv", ROWS, delimiter=",", encoding="utf-8")
    with pytest.raises(RuntimeError):
        await import_file(hub, org.id, path)
    async with hub.reading(org.id) as s:
        (job,) = await jobs.list_jobs(s)
    assert (job.status, job.error_code) == ("failed", "internal_error")
    assert job.error is not None
    assert job.error.startswith("the import stopped on an unexpected error")
    assert "RuntimeError" not in job.error
    assert "index" not in job.error
