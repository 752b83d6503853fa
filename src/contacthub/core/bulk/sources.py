"""Reading the rows of a file: CSV (any delimiter, UTF-8 or cp1251), XLSX, JSON Lines.

    inspect_file(path) -> FileFacts (hash, encoding, rows estimate)  one pass over the bytes
    open_source(path, facts, ...) -> Source: header + records         streamed, flat memory

A record is ``(number, values)``: ``number`` counts data rows from 1 (so the spreadsheet row is
``number + 1`` under a header), ``values`` is a list aligned with the header (CSV, XLSX) or a dict
(JSON Lines). Resuming skips the first ``rows_done`` records.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

import msgspec

from contacthub.core import json_input
from contacthub.core.bulk.xlsx_limits import open_workbook
from contacthub.errors import Invalid

FileFormat = Literal["csv", "xlsx", "jsonl"]
FORMATS: tuple[FileFormat, ...] = ("csv", "xlsx", "jsonl")
DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 20

Record = tuple[int, "list[Any] | dict[str, Any]"]

# A spreadsheet cell may be long (a description); the csv module's default limit is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True, slots=True)
class FileFacts:
    sha256: str
    size: int
    utf8: bool  # every byte decodes as UTF-8
    lines: int  # newline count: an estimate of the rows of a text file


def format_of(name: str, given: str | None = None) -> FileFormat:
    """The format named, or the one the file name's extension says."""
    choice = (given or "").strip().lower() or name.rsplit(".", 1)[-1].lower()
    aliases: dict[str, FileFormat] = {
        "txt": "csv",
        "tsv": "csv",
        "json": "jsonl",
        "ndjson": "jsonl",
    }
    chosen = aliases.get(choice, choice)
    if chosen not in FORMATS:
        raise Invalid.field("format", f"cannot tell the format of {name!r}; say csv, xlsx or jsonl")
    return chosen


def inspect_file(path: Path) -> FileFacts:
    """Hash the file, check whether it is UTF-8 and count its lines, in one pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return FileFacts(sha256=digest.hexdigest(), size=size, utf8=utf8, lines=lines)


def choose_encoding(facts: FileFacts, given: str | None) -> str:
    if given:
        try:
            name = codecs.lookup(given).name
        except LookupError:
            raise Invalid.field("encoding", f"unknown encoding {given!r}") from None
        try:
            # rot13, hex, base64 and zlib are codecs but not text encodings: a text stream
            # refuses them with LookupError (was a 500 when the file was opened).
            io.TextIOWrapper(io.BytesIO(), encoding=name)
        except LookupError:
            raise Invalid.field("encoding", f"{given!r} is not a text encoding") from None
        return name
    # A file that is not UTF-8 is taken for Windows-1251, what Russian Excel saves as CSV.
    return "utf-8-sig" if facts.utf8 else "cp1251"


def choose_delimiter(first_line: str, given: str | None) -> str:
    if given:
        named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
        chosen = named.get(given.lower(), given)
        if len(chosen) != 1:
            raise Invalid.field("delimiter", "the delimiter must be one character")
        return chosen
    counts = {candidate: first_line.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


@dataclass(slots=True)
class Source:
    format: FileFormat
    header: list[str]
    records: Iterator[Record]
    encoding: str | None = None
    delimiter: str | None = None
    rows_estimate: int | None = None
    closing: Callable[[], None] | None = None  # closes the file under the records

    def close(self) -> None:
        close = getattr(self.records, "close", None)
        try:
            if close is not None:
                close()
        except ValueError:
            # A worker thread is still inside the generator; it finishes its batch and stops
            # there, and the file closes with the generator.
            return
        if self.closing is not None:
            self.closing()


def open_source(
    path: Path,
    fmt: FileFormat,
    facts: FileFacts,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Source:
    if fmt == "csv":
        return _csv_source(path, facts, encoding, delimiter)
    if fmt == "xlsx":
        return _xlsx_source(path)
    return _jsonl_source(path, facts, encoding)


def _csv_source(
    path: Path, facts: FileFacts, encoding: str | None, delimiter: str | None
) -> Source:
    chosen = choose_encoding(facts, encoding)
    stream = path.open(encoding=chosen, errors="replace", newline="")
    first = stream.readline()
    stream.seek(0)
    sep = choose_delimiter(first, delimiter)
    reader = csv.reader(stream, delimiter=sep)
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        stream.close()
        raise Invalid.field("file", "the file is empty: it needs a header row")

    def records() -> Iterator[Record]:
        with stream:
            yield from enumerate(reader, 1)

    return Source(
        "csv", header, records(), chosen, sep, max(facts.lines - 1, 0), closing=stream.close
    )


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without ``.0`` (phones are stored as numbers)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _xlsx_source(path: Path) -> Source:
    book = open_workbook(path)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None or not any(cell is not None for cell in first):
        book.close()
        raise Invalid.field("file", "the sheet is empty: it needs a header row")
    header = [cell_text(cell) for cell in first]
    width = len(header)
    estimate = (sheet.max_row - 1) if isinstance(sheet.max_row, int) else None

    def records() -> Iterator[Record]:
        try:
            for number, row in enumerate(rows, 1):
                values = [cell_text(cell) for cell in row[:width]]
                yield number, values
        finally:
            book.close()

    return Source("xlsx", header, records(), rows_estimate=estimate, closing=book.close)


def _jsonl_source(path: Path, facts: FileFacts, encoding: str | None) -> Source:
    chosen = choose_encoding(facts, encoding)
    stream = path.open(encoding=chosen, errors="replace")

    def records() -> Iterator[Record]:
        with stream:
            number = 0
            for line in stream:
                if not line.strip():
                    continue
                number += 1
                try:
                    value = json_input.decode(line)
                except msgspec.DecodeError as error:
                    value = {"\0error": f"not JSON: {error}", "\0line": line.rstrip("\n")}
                if not isinstance(value, dict):
                    value = {"\0error": "not a JSON object", "\0line": line.rstrip("\n")}
                yield number, value

    return Source("jsonl", [], records(), chosen, rows_estimate=facts.lines, closing=stream.close)


def header_line(source: Source) -> str:
    """The header as one CSV line, for messages."""
    out = io.StringIO()
    csv.writer(out).writerow(source.header)
    return out.getvalue().strip()
