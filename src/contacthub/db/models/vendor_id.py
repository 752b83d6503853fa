from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, org_column

_RecordId = BigInteger().with_variant(Integer(), "sqlite")


class VendorId(Base):
    """The id another system (a vendor's API) gave a record: at most one per system and record,
    and one record per id within an organization, kind and system (contacthub.core.vendor_ids).

    One table for every kind of record, keyed for the two lookups a dialect makes: the record a
    written id names (the unique index), and a record's id in a system (the primary key).
    ``record_id`` has no foreign key (it points into the table ``kind`` names); deleting a record
    deletes its rows here in the same unit of work.
    """

    __tablename__ = "vendor_ids"
    __table_args__ = (
        PrimaryKeyConstraint("org_id", "kind", "record_id", "system"),
        Index(
            "uq_vendor_ids_org_id_kind_system_vendor_id",
            "org_id",
            "kind",
            "system",
            "vendor_id",
            unique=True,
        ),
    )

    org_id: Mapped[int] = org_column()
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    record_id: Mapped[int] = mapped_column(_RecordId, nullable=False)
    system: Mapped[str] = mapped_column(String(32), nullable=False)
    vendor_id: Mapped[str] = mapped_column(String(64), nullable=False)
