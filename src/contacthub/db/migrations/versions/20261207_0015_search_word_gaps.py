"""two spaces before every word of the search text: one letter finds word starts on the index

``q`` of one letter finds the contacts where a word starts with it (core/contacts/filters.py);
with one space before each word that is " и", two characters, which no trigram index can look up,
so SQLite walked every contact (about a second at 1M when none matched) on the event loop. With
two, it is "  и". Every contact's text is made again (core/search_text.py's rule as of this
revision), a chunk of 2,000 at a time: minutes at 1M contacts.

Revision ID: 0015_search_word_gaps
Revises: 0014_counts_by_id_range
Create Date: 2026-12-07 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from contacthub.db.search_index import rebuild_search_texts

revision: str = "0015_search_word_gaps"
down_revision: str | None = "0014_counts_by_id_range"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _folded(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _two_spaces(parts: list[str | None]) -> str:
    spaced = ("".join(f"  {word}" for word in part.split()) for part in parts if part)
    return _folded("\n".join(part for part in spaced if part))


def _one_space(parts: list[str | None]) -> str:
    """Migration 0010's rule."""
    return _folded("\n".join(f" {part}" for part in parts if part))


def upgrade() -> None:
    rebuild_search_texts(op.get_bind(), _two_spaces)


def downgrade() -> None:
    rebuild_search_texts(op.get_bind(), _one_space)
