from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId, Timestamp, created_column, id_column, org_column


class ImportJob(Base):
    """One bulk import of a file: its options, progress and counts.

    ``rows_done`` moves in the same transaction as each batch's contacts, so after a crash it
    says exactly which rows of the file are in the store; a re-run of the same file and options
    resumes after them. ``runner`` names the process that holds the job: a newer run takes it
    over, and the older one's next batch is refused.
    """

    __tablename__ = "imports"
    __table_args__ = (
        Index("ix_imports_org_id_source_hash", "org_id", "source_hash"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    source_name: Mapped[str] = mapped_column(String(500), nullable=False)
    source_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    options_key: Mapped[str] = mapped_column(String(64), nullable=False)
    options: Mapped[str] = mapped_column(Text, nullable=False)
    file_format: Mapped[str] = mapped_column(String(16), nullable=False)
    dry_run: Mapped[bool] = mapped_column(nullable=False, default=False)
    runner: Mapped[str | None] = mapped_column(String(36), nullable=True)
    total_rows: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rows_done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    invalid: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # a sentence for the user
    error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(Timestamp, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp, nullable=True)


class ImportReject(Base):
    """A row of an import's file that was refused, with the reason (written with its batch)."""

    __tablename__ = "import_rejects"

    import_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True
    )
    row_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = org_column()
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    # The row as read, a JSON array (CSV, XLSX) or object (JSON Lines).
    data: Mapped[str] = mapped_column(Text, nullable=False)
