"""What an uploaded XLSX workbook may unpack to, checked before and while openpyxl reads it.

An XLSX file is a zip of XML parts. A 1 MB upload whose ``sheet1.xml`` unpacked to 1 GiB of
spaces took the server from 101 MB to 2,180 MB of memory (openpyxl's parser keeps a text run
whole) and kept it. So a workbook is read through ``open_workbook``, which

    1. checks the zip's directory before any part is read: the number of parts, each part's
       and the whole file's unpacked size, and each big part's compression ratio;
    2. reads every XML part through a guard that scans the bytes as openpyxl asks for them
       and stops at a DOCTYPE (entity bombs), a text or tag longer than a cell may be, or a
       sheet row (or the stretch before the first row) of too many tags.

Python's zipfile never unpacks more than a part's declared size, so the directory's sizes hold.
Past any bound the workbook is refused with ``Invalid`` and the reason: a 422 at upload, or a
failed job with that sentence if the bound is met in a row the upload did not read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, Any, Literal

from contacthub.errors import Invalid

MAX_PARTS = 10_000
MAX_UNPACKED = 1 << 30  # the whole workbook, unpacked: a 1M-row sheet is a few hundred MB
MAX_SHARED_STRINGS = 256 << 20  # openpyxl keeps every shared string in memory
MAX_RATIO = 200  # ordinary sheets compress 5-50 times; deflate bombs about a thousand
RATIO_FROM = 1 << 20  # small parts (styles, an empty sheet) may compress better
MAX_OTHER_PART = 32 << 20  # styles, workbook, relations: openpyxl reads each whole
MAX_TEXT = 262_144  # bytes between two tags: Excel's cell holds 32,767 characters
MAX_ROW_TAGS = 200_000  # Excel's row has at most 16,384 cells, each a few tags

_SHARED_STRINGS = "sharedstrings.xml"
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _is_sheet(name: str) -> bool:
    return name.lower().startswith("xl/worksheets/")


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _refuse(reason: str) -> Invalid:
    return Invalid.field("file", f"the workbook is refused: {reason}")


def check_directory(archive: zipfile.ZipFile) -> None:
    """Bounds read off the zip's central directory, before anything is unpacked."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise _refuse(f"it has {len(parts)} parts (at most {MAX_PARTS})")
    total = 0
    for part in parts:
        total += part.file_size
        if total > MAX_UNPACKED:
            raise _refuse(f"it unpacks to more than {MAX_UNPACKED >> 20} MiB")
        name = part.filename
        if name.lower().endswith(_SHARED_STRINGS):
            if part.file_size > MAX_SHARED_STRINGS:
                raise _refuse(
                    f"its shared strings unpack to more than {MAX_SHARED_STRINGS >> 20} MiB"
                )
        elif _is_xml(name) and not _is_sheet(name) and part.file_size > MAX_OTHER_PART:
            raise _refuse(f"{name} unpacks to more than {MAX_OTHER_PART >> 20} MiB")
        packed = max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and part.file_size / packed > MAX_RATIO:
            raise _refuse(
                f"{part.filename} unpacks {part.file_size // packed} times its packed size"
                f" (at most {MAX_RATIO}): a zip bomb, not a spreadsheet"
            )


class _XmlGuard:
    """Scans the bytes of one XML part as they are read and raises at the first bound.

    Byte scans, not an XML parser: a parser calling Python for each of a sheet's millions of
    elements cost as much again as openpyxl's own reading. Bytes are taken up to the last ``<``
    of what has arrived, so every tag starts and ends inside one scanned piece.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.sheet = _is_sheet(name)
        self.carry = b""  # the bytes from the last "<" on, scanned with the next read
        self.tags = 0  # "<" since the current row began (or the part did)

    def feed(self, data: bytes, final: bool = False) -> None:
        buffer = self.carry + data
        cut = len(buffer) if final else buffer.rfind(b"<")
        if cut <= 0:
            if len(buffer) > MAX_TEXT:
                raise _refuse(f"{self.name} has a text of more than {MAX_TEXT} bytes")
            self.carry = buffer
            return
        piece, self.carry = buffer[:cut], buffer[cut:]
        if max(map(len, piece.split(b"<"))) > MAX_TEXT:
            raise _refuse(f"{self.name} has a text of more than {MAX_TEXT} bytes")
        if b"<!DOCTYPE" in piece or b"<!ENTITY" in piece:
            raise _refuse(f"{self.name} declares a DOCTYPE, which no workbook part has")
        if self.sheet:
            self._count_tags(piece)

    def _count_tags(self, piece: bytes) -> None:
        # openpyxl's parser keeps a row's elements until the row ends, and those outside rows
        # for good: both are bounded.
        at = 0
        for row in _ROW_START.finditer(piece):
            self._add_tags(piece.count(b"<", at, row.start()))
            self.tags, at = 0, row.start()
        self._add_tags(piece.count(b"<", at))

    def _add_tags(self, count: int) -> None:
        self.tags += count
        if self.tags > MAX_ROW_TAGS:
            raise _refuse(
                f"{self.name} has more than {MAX_ROW_TAGS} tags in one row (or before the rows)"
            )


class _GuardedPart:
    """A part's file object for openpyxl: every byte it reads passes the guard first."""

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self._raw = raw
        self._guard = _XmlGuard(name) if _is_xml(name) else None

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if self._guard is not None:
            self._guard.feed(data, final=not data)
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> _GuardedPart:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class GuardedZip(zipfile.ZipFile):
    """A zip whose parts are read through ``_GuardedPart`` (``read`` goes through ``open``)."""

    def open(self, name: Any, mode: Literal["r", "w"] = "r", *args: Any, **kwargs: Any) -> Any:
        opened = super().open(name, mode, *args, **kwargs)
        if mode != "r":
            return opened
        part = name.filename if isinstance(name, zipfile.ZipInfo) else str(name)
        return _GuardedPart(opened, part)


def open_workbook(path: Path) -> Any:
    """openpyxl's read-only workbook of ``path``, read within the bounds above."""
    # Imported here: only XLSX needs it, and it takes a while to import.
    from openpyxl.reader.excel import ExcelReader  # type: ignore[import-untyped]

    try:
        archive = GuardedZip(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise Invalid.field("file", f"not a readable XLSX workbook: {error}") from None
    try:
        check_directory(archive)
        # Given a file, openpyxl does not judge the workbook by its name's extension.
        with path.open("rb") as file:
            reader = ExcelReader(file, read_only=True, data_only=True)
            reader.archive.close()
        reader.archive = archive  # openpyxl's own ZipFile, swapped before it reads a part
        reader.read()
    except Invalid:
        archive.close()
        raise
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors
        archive.close()
        raise Invalid.field("file", f"not a readable XLSX workbook: {error}") from None
    return reader.wb
