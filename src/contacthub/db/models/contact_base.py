from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, created_column, id_column, org_column


class ContactBase(Base):
    """A dialer's contact base (Obzvonilka). A contact belongs to at most one base."""

    __tablename__ = "contact_bases"
    __table_args__ = (
        Index("ix_contact_bases_org_id_id", "org_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = id_column()
    org_id: Mapped[int] = org_column()
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    remark: Mapped[str | None] = mapped_column(Text, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    select_from_last: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    use_predictive_call: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The vendor calls these "internal fields"; they are kept verbatim as text.
    parser_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    parser_settings: Mapped[str | None] = mapped_column(Text, nullable=True)
    auto_open_window_params: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = created_column()
