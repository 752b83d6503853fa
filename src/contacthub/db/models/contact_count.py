"""Live contacts per organization, bot and id range, kept by the database itself (migrations
0010 and 0014).

Watbot's ``getContacts`` answers Laravel's ``total`` on every page: a COUNT of the organization's
live contacts was 78 ms at 1M contacts (84x a read by id). Triggers on ``contacts`` add and take
away in the same transaction as every write, the import's and a purge's too, so the sum of an
organization's rows is its count at any commit. There is no foreign key: an organization's
deletion removes these rows itself, and a trigger must never fail a write.

``slot`` spreads one organization's writers over several rows on PostgreSQL (the writing
connection's pid modulo 16): with a single row each writing transaction would hold its lock
until commit and the writers of one organization would commit one after another. SQLite has one
writer and uses slot 0.

``id_range`` (a contact's id >> ``ID_RANGE_BITS``) says how many live contacts each range of ids
holds: a numbered page sums the ranges before it to find the one its first contact lies in and
walks that range only, not every contact before the page (core/contacts/reads.py).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from contacthub.db.models.base import Base, BigId

# Ranges of 4,096 ids: 245 ranges for 1M contacts, and a page walks at most one of them. The
# triggers (migration 0014) spell it "id >> 12".
ID_RANGE_BITS = 12


class ContactCount(Base):
    __tablename__ = "contact_counts"

    org_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The bot's id, 0 for contacts of no bot (a key column cannot be NULL).
    bot_key: Mapped[int] = mapped_column(BigId, primary_key=True)
    id_range: Mapped[int] = mapped_column(BigId, primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    live: Mapped[int] = mapped_column(BigInteger, nullable=False)
