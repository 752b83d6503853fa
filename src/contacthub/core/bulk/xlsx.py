"""A streaming XLSX writer: one sheet of text cells, sent as zip chunks while rows are added.

openpyxl's write-only mode builds the whole file before the first byte can go out (and runs at
about a third of this speed), so an export writes the few XML parts of a workbook itself. Cells
are inline strings; a cell keeps at most 32,767 characters, Excel's own limit, and characters
XML cannot carry (control characters other than tab and new line) are dropped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, cast

MAX_ROWS = 1_048_576
MAX_CELL = 32_767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML = "http://schemas.openxmlformats.org"
_RELS = f"{_OOXML}/package/2006/relationships"
_OFFICE_RELS = f"{_OOXML}/officeDocument/2006/relationships"
_MAIN = f"{_OOXML}/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    f'{_HEAD}<Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE_RELS}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_HEAD}<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>'
_SHEET_END = "</sheetData></worksheet>"


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _escape(text: str) -> str:
    if len(text) > MAX_CELL:
        text = text[:MAX_CELL]
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Sink:
    """A write-only, unseekable file for ``zipfile``: it collects what is written until taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


class XlsxStream:
    def __init__(self, sheet_name: str = "contacts") -> None:
        self._sink = _Sink()
        self._zip = zipfile.ZipFile(
            cast(IO[bytes], self._sink), "w", zipfile.ZIP_DEFLATED, compresslevel=1
        )
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr("xl/workbook.xml", _WORKBOOK.format(name=_escape(sheet_name)))
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._sheet.write(_SHEET_START.encode())
        self._letters: list[str] = []
        self.rows = 0

    def add_rows(self, rows: Iterable[Sequence[str | None]]) -> bytes:
        """Append rows; answers the bytes of the file that are ready to send."""
        parts: list[str] = []
        letters = self._letters
        for row in rows:
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise ValueError(f"an XLSX sheet holds at most {MAX_ROWS} rows")
            while len(letters) < len(row):
                letters.append(column_letters(len(letters)))
            number = str(self.rows)
            parts.append(f'<row r="{number}">')
            for i, value in enumerate(row):
                if value:
                    parts.append(
                        f'<c r="{letters[i]}{number}" t="inlineStr"><is>'
                        f'<t xml:space="preserve">{_escape(value)}</t></is></c>'
                    )
            parts.append("</row>")
        self._sheet.write("".join(parts).encode())
        return self._sink.take()

    def close(self) -> bytes:
        """Finish the file; answers its last bytes."""
        self._sheet.write(_SHEET_END.encode())
        self._sheet.close()
        self._zip.close()
        return self._sink.take()
