"""What the contact search index adds to the schema outside the models (migration 0009).

SQLite's FTS5 table (and the shadow tables it keeps), its triggers and PostgreSQL's trigram GIN
index are raw DDL: SQLAlchemy's models cannot describe a virtual table or an operator class.
Alembic's comparison (autogenerate, tests/db/test_migrations.py) skips them by these names.

A migration that rebuilds ``contacts`` on SQLite (``batch_alter_table``, "move and copy") drops
the triggers with the old table: such a migration must create them again (see 0009).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

FTS_TABLE = "contacts_fts"
TRIGRAM_INDEX = "ix_contacts_search_text_trgm"


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name`` hook: False for the search index's objects."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE)
    if type_ == "index":
        return name != TRIGRAM_INDEX
    return True


def rebuild_search_texts(
    bind: sa.Connection, text_of: Callable[[list[str | None]], str], chunk: int = 2_000
) -> None:
    """Each contact's search text made again by a migration from its row, phones and values, a
    chunk of ids at a time: ``text_of`` is the migration's own copy of core/search_text.py's
    rule as of its revision, given the parts in order (name, e-mail, external code, each phone's
    E.164 digits, each field value). A text that does not change is not written."""
    after = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, name, email, external_code FROM contacts"
                " WHERE id > :after ORDER BY id LIMIT :size"
            ),
            {"after": after, "size": chunk},
        ).all()
        if not rows:
            break
        span = {"low": rows[0].id, "high": rows[-1].id}
        e164s = _by_contact(bind, "e164", "contact_phones", "position", span)
        values = _by_contact(bind, "value", "field_values", "field_id", span)
        texts = [
            {
                "id": row.id,
                "text": text_of(
                    [
                        row.name,
                        row.email,
                        row.external_code,
                        *(e164.lstrip("+") for e164 in e164s.get(row.id, ())),
                        *values.get(row.id, ()),
                    ]
                ),
            }
            for row in rows
        ]
        bind.execute(
            sa.text(
                "UPDATE contacts SET search_text = :text WHERE id = :id AND search_text <> :text"
            ),
            texts,
        )
        after = rows[-1].id
    if bind.dialect.name == "postgresql":
        # The planner's statistics of the old texts: a text search planned on them took the
        # trigram index's 140,000 matches and sorted them (600 ms at 1M, bench/RESULTS.md)
        # instead of walking in id order to the first page (5 ms) until autovacuum's ANALYZE.
        bind.execute(sa.text("ANALYZE contacts"))


def _by_contact(
    bind: sa.Connection, column: str, table: str, order: str, span: dict[str, int]
) -> dict[int, list[str]]:
    """``column`` of the rows of ``table`` that belong to the contacts of ids in ``span``."""
    found: dict[int, list[str]] = {}
    for contact_id, value in bind.execute(
        sa.text(
            f"SELECT contact_id, {column} FROM {table}"  # noqa: S608 (the code's own names)
            f" WHERE contact_id BETWEEN :low AND :high ORDER BY contact_id, {order}"
        ),
        span,
    ):
        found.setdefault(contact_id, []).append(value)
    return found
