"""What the contact search index adds to the schema outside the models (migration 0009).

SQLite's FTS5 table (and the shadow tables it keeps), its triggers and PostgreSQL's trigram GIN
index are raw DDL: SQLAlchemy's models cannot describe a virtual table or an operator class.
Alembic's comparison (autogenerate, tests/db/test_migrations.py) skips them by these names.

A migration that rebuilds ``contacts`` on SQLite (``batch_alter_table``, "move and copy") drops
the triggers with the old table: such a migration must create them again (see 0009).
"""

from __future__ import annotations

from typing import Any

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
