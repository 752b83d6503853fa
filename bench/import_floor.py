"""What SQLite alone costs an import, on contacthub's own schema: ``python -m bench.import_floor``.

    1. a fresh SQLite file, migrated, one organization and one custom field
    2. ROWS contacts in batches of BATCH, each batch one transaction of three
       ``INSERT ... SELECT`` from an in-memory staging table: the contact, its phone, its field
       value, as the CLI's import writes them (the same pragmas: WAL, synchronous=FULL, FKs on)
    3. microseconds a row spent in the inserts and in the commits, for the whole load and its
       last fifth (the store near ROWS contacts; whole batches)

No Python touches a row inside the measured part (the staging table is filled before each batch's
clock starts), so this is the floor under any import of these rows in one SQLite writer: the
rows/s it prints is the most an import could reach if reading, checking and binding cost nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from contacthub.core.bulk.runner import DEFAULT_BATCH
from contacthub.core.scope import time_ordered_uuids
from contacthub.db.migrate import upgrade
from contacthub.db.sqlite_files import open_sqlite

_NOW = "2026-12-03T07:00:00.000000+00:00"


def _staged(start: int, count: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    uuids = time_ordered_uuids(count)  # as the import makes them: the uuid index grows at its end
    for k in range(count):
        i = start + k
        phone = f"+79{(i * 7_919_333 + 12_345) % 1_000_000_000:09d}"
        email = f"user{i}@example.com" if i % 3 == 0 else None
        name = f"Иванов Иван {i}"
        rows.append((k, uuids[k], name, email, name.casefold(), phone, "Москва"))
    return rows


def measure(path: Path, rows: int, batch: int, *, foreign_keys: bool) -> dict[str, float]:
    upgrade(f"sqlite:///{path}")
    conn = open_sqlite(path)
    if not foreign_keys:
        conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("INSERT INTO organizations (name, created_at) VALUES ('Floor', ?)", (_NOW,))
    conn.execute(
        "INSERT INTO custom_fields (uuid, org_id, name, created_at) VALUES (?, 1, 'Город', ?)",
        (str(uuid.uuid4()), _NOW),
    )
    conn.execute(
        "CREATE TEMP TABLE stage (k INTEGER PRIMARY KEY, uuid TEXT, name TEXT, email TEXT,"
        " search TEXT, e164 TEXT, city TEXT)"
    )
    inserting = committing = 0.0
    tail_inserting = tail_committing = 0.0
    tail_from, tail = rows - rows // 5, 0
    for start in range(0, rows, batch):
        count = min(batch, rows - start)
        conn.execute("DELETE FROM stage")
        conn.executemany("INSERT INTO stage VALUES (?, ?, ?, ?, ?, ?, ?)", _staged(start, count))
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        first = (start + 1, _NOW)
        conn.execute(
            "INSERT INTO contacts (org_id, id, uuid, name, email, search_text, created_at,"
            " updated_at) SELECT 1, ?1 + k, uuid, name, email, search, ?2, ?2 FROM stage"
            " ORDER BY k",
            first,
        )
        conn.execute(
            "INSERT INTO contact_phones (org_id, contact_id, position, raw, e164)"
            " SELECT 1, ?1 + k, 0, e164, e164 FROM stage ORDER BY e164",
            first[:1],
        )
        conn.execute(
            "INSERT INTO field_values (org_id, contact_id, field_id, value, deletable, updated_at)"
            " SELECT 1, ?1 + k, 1, city, 0, ?2 FROM stage ORDER BY k",
            first,
        )
        written = time.perf_counter()
        conn.execute("COMMIT")
        done = time.perf_counter()
        inserting += written - began
        committing += done - written
        if start + count > tail_from:  # the batches that hold the last fifth
            tail += count
            tail_inserting += written - began
            tail_committing += done - written
    conn.close()
    return {
        "insert_us": inserting * 1e6 / rows,
        "commit_us": committing * 1e6 / rows,
        "tail_insert_us": tail_inserting * 1e6 / tail,
        "tail_commit_us": tail_committing * 1e6 / tail,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH)  # the import's own
    options = parser.parse_args()
    for foreign_keys in (True, False):
        with tempfile.TemporaryDirectory() as folder:
            found = measure(
                Path(folder) / "floor.db", options.rows, options.batch, foreign_keys=foreign_keys
            )
        whole = found["insert_us"] + found["commit_us"]
        tail = found["tail_insert_us"] + found["tail_commit_us"]
        print(
            f"foreign keys {'on ' if foreign_keys else 'off'}: {options.rows:,} rows,"
            f" inserts {found['insert_us']:.2f} + commits {found['commit_us']:.2f}"
            f" = {whole:.2f} us/row ({1e6 / whole:,.0f} rows/s at most);"
            f" last fifth {found['tail_insert_us']:.2f} + {found['tail_commit_us']:.2f}"
            f" = {tail:.2f} us/row ({1e6 / tail:,.0f} rows/s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
