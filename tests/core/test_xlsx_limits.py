"""Uploaded workbooks are read within bounds: zip bombs, entity bombs and giant texts are
refused with a reason, before they cost memory (issue 19: a 1 MB upload took 2 GB)."""

from __future__ import annotations

import io
import resource
import zipfile
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook

from contacthub.core.bulk import xlsx_limits
from contacthub.core.bulk.sources import inspect_file, open_source
from contacthub.errors import Invalid
from tests.factories import Org

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _workbook(tmp_path: Path, sheet_xml: bytes | None = None, *, level: int = 9) -> Path:
    """A real two-row workbook; with ``sheet_xml`` its sheet part replaced by those bytes."""
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "phone"])
    sheet.append(["Анна", "79991234567"])
    plain = io.BytesIO()
    book.save(plain)
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SHEET and sheet_xml is not None:
                data = sheet_xml
            out.writestr(item.filename, data, zipfile.ZIP_DEFLATED, compresslevel=level)
    return path


def _sheet(rows: str, *, before: str = "", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{_MAIN}">{before}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def _row(number: int, *cells: str) -> str:
    inline = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for i, text in enumerate(cells)
    )
    return f'<row r="{number}">{inline}</row>'


def _read_all(path: Path) -> list[list[str]]:
    source = open_source(path, "xlsx", inspect_file(path))
    try:
        return [source.header, *(list(values) for _, values in source.records)]
    finally:
        source.close()


def test_an_ordinary_workbook_reads_through_the_guard(tmp_path: Path) -> None:
    assert _read_all(_workbook(tmp_path)) == [["name", "phone"], ["Анна", "79991234567"]]


def test_a_zip_bomb_is_refused_from_the_directory_before_any_memory(tmp_path: Path) -> None:
    # The red team's file, at a quarter of the size: a sheet of spaces, ~1,000 times packed.
    bomb = _sheet(_row(1, "name", "phone")).replace(
        b"<sheetData>", b" " * (256 << 20) + b"<sheetData>"
    )
    path = _workbook(tmp_path, bomb)
    del bomb
    assert path.stat().st_size < 2 << 20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(Invalid, match="zip bomb"):
        _read_all(path)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 50 << 10


def test_a_long_text_is_refused_while_it_streams(tmp_path: Path) -> None:
    # Small enough to pass the ratio check: the guard stops it mid-sheet.
    rows = _row(1, "name", "phone") + _row(2, "x" * 300_000, "79991234567")
    path = _workbook(tmp_path, _sheet(rows), level=0)
    with pytest.raises(Invalid, match="a text of more than 262144 bytes"):
        _read_all(path)


def test_whitespace_between_elements_is_bounded_too(tmp_path: Path) -> None:
    rows = _row(1, "name", "phone") + " " * 300_000 + _row(2, "Анна", "79991234567")
    with pytest.raises(Invalid, match="a text of more than 262144 bytes"):
        _read_all(_workbook(tmp_path, _sheet(rows), level=0))


def test_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    sheet = _sheet(_row(1, "name", "&lol2;"), prolog=laughs)
    with pytest.raises(Invalid, match="DOCTYPE"):
        _read_all(_workbook(tmp_path, sheet))


def test_a_row_of_too_many_elements_is_refused(tmp_path: Path) -> None:
    wide = '<row r="1">' + '<c r="A1"/>' * (xlsx_limits.MAX_ROW_TAGS + 1) + "</row>"
    with pytest.raises(Invalid, match="tags in one row"):
        _read_all(_workbook(tmp_path, _sheet(wide), level=0))


def test_elements_before_the_rows_are_bounded_too(tmp_path: Path) -> None:
    # openpyxl's parser keeps what is not a row for good.
    loose = "<x/>" * (xlsx_limits.MAX_ROW_TAGS + 1)
    sheet = _sheet(_row(1, "name", "phone"), before=loose)
    with pytest.raises(Invalid, match="before the rows"):
        _read_all(_workbook(tmp_path, sheet, level=0))


def test_a_big_sheet_of_ordinary_rows_is_read(tmp_path: Path) -> None:
    rows = "".join(_row(n, f"Имя {n}", f"7999{n:07d}") for n in range(2, 5_002))
    read = _read_all(_workbook(tmp_path, _sheet(_row(1, "name", "phone") + rows)))
    assert (len(read), read[-1]) == (5_001, ["Имя 5001", "79990005001"])


def test_a_part_openpyxl_reads_whole_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Styles, the workbook, relations: parsed in one piece, so bounded by size, not by the scan.
    monkeypatch.setattr(xlsx_limits, "MAX_OTHER_PART", 100)
    with pytest.raises(Invalid, match=r"\.xml unpacks to more than"):
        _read_all(_workbook(tmp_path))


def test_too_many_parts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_limits, "MAX_PARTS", 3)
    with pytest.raises(Invalid, match="parts"):
        _read_all(_workbook(tmp_path))


async def test_an_uploaded_zip_bomb_is_422_with_the_reason(
    client: httpx.AsyncClient, org: Org, tmp_path: Path
) -> None:
    bomb = _sheet(_row(1, "name", "phone")).replace(
        b"<sheetData>", b" " * (64 << 20) + b"<sheetData>"
    )
    path = _workbook(tmp_path, bomb)
    files = {"file": ("bomb.xlsx", path.read_bytes(), "application/octet-stream")}
    response = await client.post("/api/hub/v1/imports", files=files, headers=org.auth)
    assert response.status_code == 422
    (reason,) = response.json()["errors"]["file"]
    assert reason.startswith("the workbook is refused: xl/worksheets/sheet1.xml unpacks")


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_the_guard_judges_the_same_whatever_the_reads(chunk: int) -> None:
    def feed(xml: bytes) -> None:
        guard = xlsx_limits._XmlGuard(SHEET)
        for at in range(0, len(xml), chunk):
            guard.feed(xml[at : at + chunk])
        guard.feed(b"", final=True)

    ordinary = _sheet("".join(_row(n, "x" * 1_000, "79991234567") for n in range(1, 50)))
    feed(ordinary)
    too_long = _sheet(_row(1, "x" * (xlsx_limits.MAX_TEXT + 1)))
    with pytest.raises(Invalid, match="a text of more than"):
        feed(too_long)
    with pytest.raises(Invalid, match="DOCTYPE"):
        feed(_sheet("", prolog="<!DOCTYPE x>"))
