from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, created_column, org_column

_RecordId = BigInteger().with_variant(Integer(), "sqlite")


class VendorIdAlias(Base):
    """A vendor id that no longer is a record's own (vendor_ids) and still names it: an absorbed
    contact's id, which answers the survivor, or a deleted record's, which answers "no such
    record" rather than whatever record has that number as its hub id (core/vendor_ids.py).

    Keyed like vendor_ids' unique index (one record per id within an organization, kind and
    system); ``record_id`` has no foreign key (ids are never reused: AUTOINCREMENT on SQLite, a
    sequence on PostgreSQL), so a purged record's ids keep naming nothing.
    """

    __tablename__ = "vendor_id_aliases"
    __table_args__ = (
        PrimaryKeyConstraint("org_id", "kind", "system", "vendor_id"),
        Index("ix_vendor_id_aliases_org_id_kind_record_id", "org_id", "kind", "record_id"),
    )

    org_id: Mapped[int] = org_column()
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    system: Mapped[str] = mapped_column(String(32), nullable=False)
    vendor_id: Mapped[str] = mapped_column(String(64), nullable=False)
    record_id: Mapped[int] = mapped_column(_RecordId, nullable=False)
    created_at: Mapped[datetime] = created_column()
