"""Sales, spending and savings of many KPM at once, week by week and by period.

One grouped query per question, whatever the number of KPM: the pendamping's report
in chat (bot/nudges/progress.py), the dashboard (bot/reports) and the CLI share
these. The *_by_kelompok questions count whole kelompok (the overviews): they take
kelompok ids, so a city's overview asks with 858 ids instead of 23,000 KPM ids, and
SQL does the sums (bench/dashboard.py). Weeks are rolling seven-day windows ending on `today` (the last one is
today-6 .. today), oldest first, like her "minggu ini" in the weekly report.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.ledger.models import LedgerEntry, SavingsEntry
from bot.roster.models import Kpm


@dataclass(frozen=True)
class Week:
    start: date
    end: date
    sales: int = 0
    expenses: int = 0
    entries: int = 0

    @property
    def recorded(self) -> bool:
        return self.entries > 0


def week_windows(today: date, weeks: int) -> list[tuple[date, date]]:
    """(start, end) of the last `weeks` seven-day windows ending today, oldest first."""
    ends = [today - timedelta(days=7 * i) for i in reversed(range(weeks))]
    return [(end - timedelta(days=6), end) for end in ends]


def _live(*columns):  # type: ignore[no-untyped-def]
    return select(*columns).where(LedgerEntry.deleted_at.is_(None))


def weekly(session: Session, kpm_ids: Collection[int], today: date, weeks: int) -> dict[int, list[Week]]:
    """Per KPM, her last `weeks` weeks (oldest first), zeros where she recorded nothing."""
    windows = week_windows(today, weeks)
    first = windows[0][0]
    buckets = {kpm_id: [[0, 0, 0] for _ in windows] for kpm_id in kpm_ids}
    if buckets:
        rows = session.execute(
            _live(
                LedgerEntry.kpm_id,
                LedgerEntry.entry_date,
                LedgerEntry.kind,
                func.sum(LedgerEntry.amount),
                func.count(LedgerEntry.id),
            )
            .where(LedgerEntry.kpm_id.in_(buckets), LedgerEntry.entry_date >= first, LedgerEntry.entry_date <= today)
            .group_by(LedgerEntry.kpm_id, LedgerEntry.entry_date, LedgerEntry.kind)
        )
        for kpm_id, day, kind, amount, count in rows:
            bucket = buckets[kpm_id][(day - first).days // 7]
            bucket[0 if kind == "sale" else 1] += int(amount)
            bucket[2] += int(count)
    return {
        kpm_id: [Week(start, end, *values) for (start, end), values in zip(windows, rows_, strict=True)]
        for kpm_id, rows_ in buckets.items()
    }


def last_entry_days(session: Session, kpm_ids: Collection[int]) -> dict[int, date]:
    """The day of each KPM's latest live entry (KPM who never recorded are left out)."""
    if not kpm_ids:
        return {}
    rows = session.execute(
        _live(LedgerEntry.kpm_id, func.max(LedgerEntry.entry_date))
        .where(LedgerEntry.kpm_id.in_(kpm_ids))
        .group_by(LedgerEntry.kpm_id)
    )
    return {kpm_id: day for kpm_id, day in rows}


def sales_between(session: Session, kpm_ids: Collection[int], start: date, end: date) -> dict[int, int]:
    """Sales per KPM from start to end, both inclusive (KPM without sales are left out)."""
    if not kpm_ids:
        return {}
    rows = session.execute(
        _live(LedgerEntry.kpm_id, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.kpm_id.in_(kpm_ids), LedgerEntry.kind == "sale")
        .where(LedgerEntry.entry_date >= start, LedgerEntry.entry_date <= end)
        .group_by(LedgerEntry.kpm_id)
    )
    return {kpm_id: int(amount) for kpm_id, amount in rows}


def recorded_between(session: Session, kpm_ids: Collection[int], start: date, end: date) -> set[int]:
    """The KPM who recorded anything from start to end."""
    if not kpm_ids:
        return set()
    rows = session.scalars(
        _live(LedgerEntry.kpm_id)
        .where(LedgerEntry.kpm_id.in_(kpm_ids), LedgerEntry.entry_date >= start, LedgerEntry.entry_date <= end)
        .distinct()
    )
    return set(rows)


def recorded_by_kelompok(session: Session, kelompok_ids: Collection[int], start: date, end: date) -> dict[int, int]:
    """Per kelompok, how many of its members recorded anything from start to end (kelompok with none left out)."""
    if not kelompok_ids:
        return {}
    rows = session.execute(
        _live(Kpm.kelompok_id, func.count(func.distinct(LedgerEntry.kpm_id)))
        .select_from(LedgerEntry)
        .join(Kpm, Kpm.id == LedgerEntry.kpm_id)
        .where(Kpm.kelompok_id.in_(kelompok_ids), LedgerEntry.entry_date >= start, LedgerEntry.entry_date <= end)
        .group_by(Kpm.kelompok_id)
    )
    return {kelompok_id: int(count) for kelompok_id, count in rows}


def sales_by_kelompok(session: Session, kelompok_ids: Collection[int], start: date, end: date) -> dict[int, int]:
    """Per kelompok, its members' sales from start to end, both inclusive (kelompok without sales left out)."""
    if not kelompok_ids:
        return {}
    rows = session.execute(
        _live(Kpm.kelompok_id, func.sum(LedgerEntry.amount))
        .select_from(LedgerEntry)
        .join(Kpm, Kpm.id == LedgerEntry.kpm_id)
        .where(Kpm.kelompok_id.in_(kelompok_ids), LedgerEntry.kind == "sale")
        .where(LedgerEntry.entry_date >= start, LedgerEntry.entry_date <= end)
        .group_by(Kpm.kelompok_id)
    )
    return {kelompok_id: int(amount) for kelompok_id, amount in rows}


def savings_balances(session: Session, kpm_ids: Collection[int]) -> dict[int, int]:
    """Everything each KPM saved minus what she took out."""
    if not kpm_ids:
        return {}
    rows = session.execute(
        select(SavingsEntry.kpm_id, func.sum(SavingsEntry.amount))
        .where(SavingsEntry.kpm_id.in_(kpm_ids))
        .group_by(SavingsEntry.kpm_id)
    )
    return {kpm_id: int(amount) for kpm_id, amount in rows}


def weekly_savings_balance(session: Session, kpm_id: int, today: date, weeks: int) -> list[tuple[date, int]]:
    """Her savings balance at the end of each of the last `weeks` weeks (oldest first)."""
    windows = week_windows(today, weeks)
    first = windows[0][0]
    before = session.scalar(
        select(func.coalesce(func.sum(SavingsEntry.amount), 0)).where(
            SavingsEntry.kpm_id == kpm_id, SavingsEntry.entry_date < first
        )
    )
    moves = [0] * len(windows)
    rows = session.execute(
        select(SavingsEntry.entry_date, func.sum(SavingsEntry.amount))
        .where(SavingsEntry.kpm_id == kpm_id, SavingsEntry.entry_date >= first, SavingsEntry.entry_date <= today)
        .group_by(SavingsEntry.entry_date)
    )
    for day, amount in rows:
        moves[(day - first).days // 7] += int(amount)
    balance, result = int(before or 0), []
    for (_, end), move in zip(windows, moves, strict=True):
        balance += move
        result.append((end, balance))
    return result
