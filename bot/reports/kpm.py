"""One KPM for her pendamping: six months of weekly sales, spending and savings, her entries with
their corrections, the meetings she was invited to, and the pendamping's notes about her."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ledger.models import LedgerChange, LedgerEntry
from bot.ledger.progress import Week, weekly, weekly_savings_balance
from bot.ledger.savings import Progress
from bot.ledger.savings import progress as savings_progress
from bot.meetings.summary import Attendance, meetings_of
from bot.reports import local_midnight
from bot.roster.models import Contact, Kpm, PendampingNote

CHART_WEEKS = 26  # six months
# Her latest entries on the page; more on request.
ENTRIES_SHOWN = 30
ENTRIES_MAX = 300


@dataclass(frozen=True)
class Change:
    action: str  # update | delete
    old_amount: int
    new_amount: int | None
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True)
class EntryLine:
    id: int
    day: date
    kind: str
    amount: int
    note: str
    created_at: datetime
    deleted_at: datetime | None
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class NoteLine:
    id: int
    kind: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class KpmPage:
    kpm_id: int
    name: str
    phone: str
    business: str | None
    kelompok_id: int
    kelompok: str
    birth_date: date | None
    last_message: datetime | None
    opted_out_at: datetime | None
    weeks: list[Week]
    savings: list[tuple[date, int]]
    goal: Progress
    entries: list[EntryLine]
    more_entries: bool
    meetings: list[Attendance]
    notes: list[NoteLine]


def page(session: Session, kpm_id: int, today: date, tz: str, entries_shown: int = ENTRIES_SHOWN) -> KpmPage:
    kpm = session.get(Kpm, kpm_id)
    if kpm is None:
        raise LookupError(f"kpm {kpm_id}")
    weeks = weekly(session, [kpm.id], today, CHART_WEEKS)[kpm.id]
    since = weeks[0].start
    found = list(
        session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.kpm_id == kpm.id)
            .order_by(LedgerEntry.entry_date.desc(), LedgerEntry.id.desc())
            .limit(entries_shown + 1)
        )
    )
    shown = found[:entries_shown]
    changes: dict[int, list[Change]] = {}
    if shown:
        for change in session.scalars(
            select(LedgerChange)
            .where(LedgerChange.entry_id.in_([e.id for e in shown]))
            .order_by(LedgerChange.changed_at, LedgerChange.id)
        ):
            changes.setdefault(change.entry_id, []).append(
                Change(change.action, change.old_amount, change.new_amount, change.changed_by, change.changed_at)
            )
    entries = [
        EntryLine(e.id, e.entry_date, e.kind, e.amount, e.note, e.created_at, e.deleted_at, changes.get(e.id, []))
        for e in shown
    ]
    notes = [
        NoteLine(n.id, n.kind, n.text, n.created_at)
        for n in session.scalars(
            select(PendampingNote)
            .where(PendampingNote.kpm_id == kpm.id)
            .order_by(PendampingNote.created_at.desc(), PendampingNote.id.desc())
        )
    ]
    contact = session.get(Contact, kpm.phone)
    return KpmPage(
        kpm.id,
        kpm.name,
        kpm.phone,
        kpm.business,
        kpm.kelompok_id,
        kpm.kelompok.name,
        kpm.birth_date,
        contact.last_inbound_at if contact else None,
        contact.opted_out_at if contact else None,
        weeks,
        weekly_savings_balance(session, kpm.id, today, CHART_WEEKS),
        savings_progress(session, kpm.id, today),
        entries,
        len(found) > entries_shown,
        meetings_of(session, kpm.id, local_midnight(since, tz)),
        notes,
    )


# ---------------------------------------------------------------- downloads

HEADER = ("tanggal", "jenis", "jumlah", "catatan", "dicatat", "dihapus", "koreksi")


def as_table(entries: list[EntryLine], tz: str) -> list[tuple[object, ...]]:
    """Her entries as plain values, corrections spelled out ("update 50000->45000 by ...")."""
    zone = ZoneInfo(tz)
    return [
        (
            e.day,
            e.kind,
            e.amount,
            e.note,
            e.created_at.astimezone(zone).replace(tzinfo=None),
            e.deleted_at.astimezone(zone).replace(tzinfo=None) if e.deleted_at else None,
            "; ".join(
                f"{c.action} {c.old_amount}->{'' if c.new_amount is None else c.new_amount} ({c.changed_by})"
                for c in e.changes
            ),
        )
        for e in entries
    ]
