"""Export, then import into another organization: the same contacts come back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from contacthub.core import bases
from contacthub.core.bulk.exports import ExportFilter, export_stream, join_tags
from contacthub.core.bulk.prepare import split_tags
from contacthub.core.bulk.sources import FileFormat
from contacthub.core.scope import Hub
from contacthub.errors import Invalid
from tests.bulk_support import all_contacts, essence, import_file
from tests.factories import Org, make_base, make_contact


async def _export(hub: Hub, org_id: int, fmt: FileFormat, path: Path, **where: object) -> Path:
    with path.open("wb") as out:
        async for chunk in export_stream(hub, org_id, fmt, ExportFilter(**where)):  # type: ignore[arg-type]
            out.write(chunk)
    return path


async def _base_names(hub: Hub, org_id: int) -> dict[int, str]:
    async with hub.reading(org_id) as s:
        return {base.id: base.name for base in await bases.list_bases(s)}


async def _people(org: Org) -> None:
    base = await make_base(org, "Обзвон")
    await make_contact(
        org,
        "Лапшина Ирина",
        ["+7 (999) 888-77-66", "8 495 123-45-67"],
        tags=["Горячий", "Реклама"],
        fields={"Город": "Москва", "Комментарий": 'сказала "перезвонить", в 18:00'},
        base_id=base.id,
        external_code="EXT-1",
        email="irina@example.com",
    )
    await make_contact(org, "Иван", ["89161234567"], tags=["a,b"], fields={"Город": "Тверь"})
    await make_contact(org, "Без телефона", [], email="nophone@example.com")
    await make_contact(org, "Anna Smith", ["+44 20 7946 0958"], tags=["x;y", "z"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
async def test_round_trip_into_another_organization(
    hub: Hub, org: Org, other_org: Org, tmp_path: Path, fmt: FileFormat
) -> None:
    await _people(org)
    path = await _export(hub, org.id, fmt, tmp_path / f"contacts.{fmt}")
    job = await import_file(hub, other_org.id, path, dedupe="none")
    assert (job.created, job.invalid, job.updated) == (4, 0, 0)
    original_bases = await _base_names(hub, org.id)
    copied_bases = await _base_names(hub, other_org.id)
    original = [essence(c, original_bases) for c in await all_contacts(hub, org.id)]
    copied = [essence(c, copied_bases) for c in await all_contacts(hub, other_org.id)]
    assert copied == original
    assert copied[0]["base"] == "Обзвон"


async def test_export_columns_and_filters(hub: Hub, org: Org, tmp_path: Path) -> None:
    await _people(org)
    base = (await _base_names(hub, org.id)).popitem()[0]
    path = await _export(hub, org.id, "jsonl", tmp_path / "base.jsonl", base_id=base)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["name"] for r in records] == ["Лапшина Ирина"]
    assert records[0]["phones"][0] == {
        "number": "+7 (999) 888-77-66",
        "e164": "+79998887766",
        "remark": None,
    }
    assert records[0]["base"] == "Обзвон"
    tagged = await _export(hub, org.id, "csv", tmp_path / "t.csv", tags=("Горячий", "Реклама"))
    lines = tagged.read_text().splitlines()
    assert lines[0].split(",")[-5:] == [
        "phone1",
        "phone2",
        "tags",
        "field:Город",
        "field:Комментарий",
    ]
    assert len(lines) == 2
    none = await _export(hub, org.id, "csv", tmp_path / "n.csv", tags=("нет такого",))
    assert len(none.read_text().splitlines()) == 1


async def test_xlsx_export_opens_in_openpyxl(hub: Hub, org: Org, tmp_path: Path) -> None:
    await make_contact(org, "A <b> & \x07 c", ["89161234567"])
    path = await _export(hub, org.id, "xlsx", tmp_path / "c.xlsx")
    book = load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()  # a read-only workbook keeps its file open until closed
    assert rows[0][:3] == ("id", "uuid", "name")
    assert rows[1][2] == "A <b> &  c"


async def test_other_organizations_contacts_are_not_exported(
    hub: Hub, org: Org, other_org: Org, tmp_path: Path
) -> None:
    await make_contact(org, "Чужой", ["89161234567"])
    path = await _export(hub, other_org.id, "csv", tmp_path / "x.csv")
    assert "Чужой" not in path.read_text()
    assert len(path.read_text().splitlines()) == 1


def test_tags_survive_the_cell() -> None:
    for names in (["a"], ["a", "b"], ["a,b"], ["x;y"], ["a,b", "c"], []):
        assert split_tags(join_tags(names)) == names


async def test_xlsx_refuses_more_rows_than_a_sheet_holds(hub: Hub, org: Org) -> None:
    from contacthub.core.bulk.exports import ExportShape

    shape = ExportShape(phones=0, fields=[], total=2_000_000)
    with pytest.raises(Invalid, match="XLSX"):
        async for _ in export_stream(hub, org.id, "xlsx", ExportFilter(), shape=shape):
            pass
