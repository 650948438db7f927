"""Ledger operations on plain values, shared by actions, the API, the CLI and the worker."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, extract, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.ledger.models import LedgerChange, LedgerEntry
from bot.ledger.periods import add_months, month_starts
from bot.roster.models import Kpm

KINDS = ("sale", "expense")


@dataclass(frozen=True)
class Entry:
    id: int
    date: date
    kind: str
    amount: int
    note: str

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "amount": self.amount,
            "note": self.note,
        }


@dataclass(frozen=True)
class NewItem:
    kind: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class Totals:
    sales: int
    expenses: int
    count: int

    @property
    def net(self) -> int:
        return self.sales - self.expenses


@dataclass(frozen=True)
class Month:
    """One calendar month of her ledger, whole rupiah."""

    start: date  # the 1st of the month
    sales: int
    expenses: int

    @property
    def key(self) -> str:
        return self.start.strftime("%Y-%m")

    @property
    def profit(self) -> int:
        return self.sales - self.expenses


class LedgerError(ValueError):
    pass


def _view(row: LedgerEntry) -> Entry:
    return Entry(row.id, row.entry_date, row.kind, row.amount, row.note)


def kpm_id_for(session: Session, phone: str) -> int | None:
    return session.scalar(select(Kpm.id).where(Kpm.phone == phone))


def record(session: Session, kpm_id: int, source_sid: str, day: date, items: list[NewItem]) -> list[Entry]:
    """Store the items of one message. Repeating the same message returns what it stored the first time."""
    existing = {
        row.item_index: row for row in session.scalars(select(LedgerEntry).where(LedgerEntry.source_sid == source_sid))
    }
    stored: list[Entry] = []
    for index, item in enumerate(items):
        if item.kind not in KINDS or not isinstance(item.amount, int) or item.amount <= 0:
            raise LedgerError(f"invalid item {item}")
        if index in existing:
            stored.append(_view(existing[index]))
            continue
        row = LedgerEntry(
            kpm_id=kpm_id,
            entry_date=day,
            kind=item.kind,
            amount=item.amount,
            note=item.note[:120],
            source_sid=source_sid,
            item_index=index,
        )
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # a concurrent retry of the same message got there first
            row = session.scalars(
                select(LedgerEntry).where(LedgerEntry.source_sid == source_sid, LedgerEntry.item_index == index)
            ).one()
        stored.append(_view(row))
    return stored


def _live(kpm_id: int):  # type: ignore[no-untyped-def]
    return select(LedgerEntry).where(LedgerEntry.kpm_id == kpm_id, LedgerEntry.deleted_at.is_(None))


def last_entry(
    session: Session, kpm_id: int, day: date | None = None, amount: int | None = None, kind: str | None = None
) -> Entry | None:
    """Her most recent live entry, optionally on a day, of an amount and/or of a kind."""
    query = _live(kpm_id)
    if kind is not None:
        query = query.where(LedgerEntry.kind == kind)
    if day is not None:
        query = query.where(LedgerEntry.entry_date == day)
    if amount is not None:
        query = query.where(LedgerEntry.amount == amount)
    row = session.scalars(query.order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())).first()
    return _view(row) if row else None


def _audited(
    session: Session, kpm_id: int, entry_id: int, by: str, source_sid: str | None, new_amount: int | None
) -> LedgerEntry:
    """Her live entry, with the change about to be made written to the audit trail first."""
    row = session.get(LedgerEntry, entry_id)
    if row is None or row.kpm_id != kpm_id or row.deleted_at is not None:
        raise LedgerError("entry not found")
    session.add(
        LedgerChange(
            entry_id=row.id,
            action="delete" if new_amount is None else "update",
            old_amount=row.amount,
            new_amount=new_amount,
            old_date=row.entry_date,
            new_date=None if new_amount is None else row.entry_date,
            changed_by=by,
            source_sid=source_sid,
        )
    )
    return row


def correct(session: Session, kpm_id: int, entry_id: int, new_amount: int, by: str, source_sid: str | None) -> Entry:
    if new_amount <= 0:
        raise LedgerError("amount must be positive")
    row = _audited(session, kpm_id, entry_id, by, source_sid, new_amount)
    row.amount = new_amount
    return _view(row)


def delete(session: Session, kpm_id: int, entry_id: int, by: str, source_sid: str | None) -> Entry:
    row = _audited(session, kpm_id, entry_id, by, source_sid, None)
    row.deleted_at = utcnow()
    return _view(row)


def totals(session: Session, kpm_id: int, start: date, end: date) -> Totals:
    """Sales and spending from start to end, both inclusive."""
    sales = func.coalesce(func.sum(case((LedgerEntry.kind == "sale", LedgerEntry.amount), else_=0)), 0)
    spent = func.coalesce(func.sum(case((LedgerEntry.kind == "expense", LedgerEntry.amount), else_=0)), 0)
    row = session.execute(
        select(sales, spent, func.count(LedgerEntry.id)).where(
            LedgerEntry.kpm_id == kpm_id,
            LedgerEntry.deleted_at.is_(None),
            LedgerEntry.entry_date >= start,
            LedgerEntry.entry_date <= end,
        )
    ).one()
    return Totals(int(row[0]), int(row[1]), int(row[2]))


def daily(session: Session, kpm_id: int, start: date, end: date) -> list[tuple[date, int, int]]:
    """(day, sales, spending) for every day from start to end, zeros included."""
    rows = session.execute(
        select(LedgerEntry.entry_date, LedgerEntry.kind, func.sum(LedgerEntry.amount))
        .where(
            LedgerEntry.kpm_id == kpm_id,
            LedgerEntry.deleted_at.is_(None),
            LedgerEntry.entry_date >= start,
            LedgerEntry.entry_date <= end,
        )
        .group_by(LedgerEntry.entry_date, LedgerEntry.kind)
    ).all()
    by_day: dict[date, list[int]] = {}
    for day, kind, amount in rows:
        by_day.setdefault(day, [0, 0])[0 if kind == "sale" else 1] += int(amount)
    days = (end - start).days + 1
    return [(d, *by_day.get(d, [0, 0])) for d in (start + timedelta(n) for n in range(days))]  # type: ignore[misc]


def usual_amount(session: Session, kpm_id: int, kind: str) -> int | None:
    """Her typical single entry of this kind (median of the last 30), for plausibility checks."""
    amounts = session.scalars(
        _live(kpm_id)
        .with_only_columns(LedgerEntry.amount)
        .where(LedgerEntry.kind == kind)
        .order_by(LedgerEntry.id.desc())
        .limit(30)
    ).all()
    return int(statistics.median(amounts)) if len(amounts) >= 3 else None


def entries(session: Session, kpm_ids: list[int], start: date, end: date) -> list[tuple[int, Entry]]:
    rows = session.scalars(
        select(LedgerEntry)
        .where(
            LedgerEntry.kpm_id.in_(kpm_ids),
            LedgerEntry.deleted_at.is_(None),
            LedgerEntry.entry_date >= start,
            LedgerEntry.entry_date <= end,
        )
        .order_by(LedgerEntry.kpm_id, LedgerEntry.entry_date, LedgerEntry.id)
    ).all()
    return [(row.kpm_id, _view(row)) for row in rows]


def monthly(session: Session, kpm_ids: list[int], first: date, last: date) -> dict[int, list[Month]]:
    """Sales and spending per calendar month, from first's month to last's month (both included), for each KPM.

    Every month is there, zeros included, oldest first; deleted entries (corrections' "hapus") are left out
    and corrected amounts count as corrected. Summed in the database per (KPM, month, kind) in one query
    that reads the index ix_ledger_kpm_date_amount alone (bench/graduation.py).
    """
    starts = month_starts(first, last)
    if not starts:
        return {kpm_id: [] for kpm_id in kpm_ids}
    end = add_months(starts[-1], 1) - timedelta(days=1)  # the last day of last's month
    year, month = extract("year", LedgerEntry.entry_date), extract("month", LedgerEntry.entry_date)
    rows = session.execute(
        select(LedgerEntry.kpm_id, year, month, LedgerEntry.kind, func.sum(LedgerEntry.amount))
        .where(
            LedgerEntry.kpm_id.in_(kpm_ids),
            LedgerEntry.deleted_at.is_(None),
            LedgerEntry.entry_date >= starts[0],
            LedgerEntry.entry_date <= end,
        )
        .group_by(LedgerEntry.kpm_id, year, month, LedgerEntry.kind)
    ).all()
    sums: dict[tuple[int, int, int], list[int]] = {}
    for kpm_id, y, m, kind, amount in rows:
        sums.setdefault((kpm_id, int(y), int(m)), [0, 0])[0 if kind == "sale" else 1] += int(amount)
    return {kpm_id: [Month(s, *sums.get((kpm_id, s.year, s.month), (0, 0))) for s in starts] for kpm_id in kpm_ids}
