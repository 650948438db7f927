from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class LedgerEntry(Base):
    """One sale or one spending. Amounts are whole rupiah; never floats."""

    __tablename__ = "ledger_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"))
    entry_date: Mapped[date]
    kind: Mapped[str] = mapped_column(String(8))  # sale | expense
    amount: Mapped[int]
    note: Mapped[str] = mapped_column(String(120), default="")
    # The WhatsApp message it came from and its place in that message:
    # the same inbound message can never create two entries.
    source_sid: Mapped[str] = mapped_column(String(64))
    item_index: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("source_sid", "item_index", name="uq_ledger_source"),
        # Her entries by day, and the sums per month or week (service.monthly, totals) from the index alone:
        # every column those read is in it (bench/graduation.py). Replaced ix_ledger_kpm_date (its prefix).
        Index("ix_ledger_kpm_date_amount", "kpm_id", "entry_date", "kind", "amount", "deleted_at"),
    )


class LedgerChange(Base):
    """Corrections and deletions keep the old value: who, when, what it was."""

    __tablename__ = "ledger_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entry.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(8))  # update | delete
    old_amount: Mapped[int]
    new_amount: Mapped[int | None]
    old_date: Mapped[date]
    new_date: Mapped[date | None]
    changed_by: Mapped[str] = mapped_column(String(20))
    source_sid: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MediaFile(Base):
    """A picture we send (a chart), served at /media/<token>.png until it expires."""

    __tablename__ = "media_file"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    kpm_id: Mapped[int | None] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class SavingsGoal(Base):
    """What she saves for: a target by a date, or a habit (so much a day or a week)."""

    __tablename__ = "savings_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str | None] = mapped_column(String(120))
    target: Mapped[int | None]
    deadline: Mapped[date | None]
    per_day: Mapped[int | None]
    per_week: Mapped[int | None]
    started_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A new goal replaces the old one; the old one is kept, closed.
    closed_at: Mapped[datetime | None]


class SavingsEntry(Base):
    """Money put aside (positive) or taken out (negative), whole rupiah, one per message."""

    __tablename__ = "savings_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpm_id: Mapped[int] = mapped_column(ForeignKey("kpm.id", ondelete="CASCADE"))
    entry_date: Mapped[date]
    amount: Mapped[int]
    source_sid: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_savings_kpm_date", "kpm_id", "entry_date"),)
