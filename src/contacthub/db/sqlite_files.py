"""Opening an SQLite store as contacthub needs it, and scrubbing it after an erase.

open_sqlite   autocommit off (the code says BEGIN), WAL, FKs on, secure_delete
scrub         the search index's old segments merged, the WAL checkpointed and truncated

The type adapters store a datetime as one fixed-width UTC text and read it back (registered
once, when this module is imported).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from contacthub.db.search_index import FTS_TABLE

_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%f+00:00"


# Cached: a bulk insert binds the same timestamp to every row of a batch.
@lru_cache(maxsize=64)
def _adapt_datetime(value: datetime) -> str:
    # One fixed-width UTC form, so that text comparison in SQL is time comparison.
    return value.astimezone(UTC).strftime(_TIMESTAMP_FORMAT)


def _convert_datetime(value: bytes) -> datetime:
    return datetime.fromisoformat(value.decode())


def _convert_boolean(value: bytes) -> bool:
    return value not in (b"0", b"")


sqlite3.register_adapter(datetime, _adapt_datetime)
sqlite3.register_converter("DATETIME", _convert_datetime)
sqlite3.register_converter("BOOLEAN", _convert_boolean)

# Merges the FTS5 index's segments into one: the old ones held deleted rows' trigrams. The
# table's name is the code's.
OPTIMIZE_SEARCH_INDEX = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"  # noqa: S608


def checkpoint_truncate(raw: sqlite3.Connection) -> tuple[int, int, int]:
    """In a worker thread: every WAL frame into the file, then the WAL cut to nothing (its
    older frames held pages as they were before an erase). Answers (busy, pages, copied)."""
    busy, pages, copied = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return int(busy), int(pages), int(copied)


def open_sqlite(path: Path, *, busy_timeout_ms: int = 10_000) -> sqlite3.Connection:
    """A connection set up as contacthub needs it: autocommit off (we say BEGIN), WAL, FKs on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(
        path,
        isolation_level=None,
        check_same_thread=False,
        detect_types=sqlite3.PARSE_DECLTYPES,
        timeout=busy_timeout_ms / 1000,
    )
    raw.row_factory = sqlite3.Row
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        # Deleted content is overwritten with zeros: an erased person leaves no bytes behind
        # in the file's free space (core/contacts/erase.py).
        "secure_delete=ON",
        f"busy_timeout={busy_timeout_ms}",
        "temp_store=MEMORY",
        "cache_size=-65536",
    ):
        raw.execute(f"PRAGMA {pragma}")
    return raw
