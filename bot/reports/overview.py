"""A pendamping's overview: her kelompok with their members, who recorded this week and in
the last four weeks, sales this month against last month, the last and the next meeting,
and who stopped our messages. A koordinator's area: the same counts for each of her pendamping.

The counts are asked per kelompok in a few grouped queries (bot/ledger/progress.py's
*_by_kelompok), however many kelompok: an area of 66 pendamping takes 5 statements, not 26
per pendamping (bench/dashboard.py measures both)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.ledger.periods import Period, period, previous
from bot.ledger.progress import recorded_by_kelompok, sales_by_kelompok
from bot.meetings.summary import MeetingCounts, last_meeting, next_meeting
from bot.roster.models import Contact, Kelompok, Kpm, Pendamping

RECENT_WEEKS = 4


@dataclass(frozen=True)
class KelompokLine:
    id: int
    name: str
    members: int
    recorded_this_week: int
    recorded_recently: int  # in the last RECENT_WEEKS weeks


@dataclass(frozen=True)
class Silent:
    """A KPM who no longer receives what we start: since when, and why."""

    kpm_id: int
    name: str
    kelompok: str
    since: datetime
    reason: str | None


class _Totals:
    """Her kelompok's counts added up (the overview's and the koordinator's lines alike)."""

    kelompok: list[KelompokLine]

    @property
    def members(self) -> int:
        return sum(k.members for k in self.kelompok)

    @property
    def recorded_this_week(self) -> int:
        return sum(k.recorded_this_week for k in self.kelompok)

    @property
    def recorded_recently(self) -> int:
        return sum(k.recorded_recently for k in self.kelompok)


@dataclass(frozen=True)
class Overview(_Totals):
    pendamping_id: int
    name: str
    tz: str
    today: date
    kelompok: list[KelompokLine]
    this_week: Period
    recent_start: date
    this_month: Period
    # The same days of last month (a fair comparison while this month runs), and all of it.
    same_days_last_month: Period
    last_month: Period
    sales_this_month: int
    sales_same_days_last_month: int
    sales_last_month: int
    last_meeting: MeetingCounts | None
    next_meeting: MeetingCounts | None
    silent: list[Silent]


@dataclass(frozen=True)
class AreaLine(_Totals):
    """One pendamping in her koordinator's area: her kelompok's counts and her members' sales this month."""

    pendamping_id: int
    name: str
    today: date
    kelompok: list[KelompokLine]
    sales_this_month: int


def _kelompok_lines(session: Session, groups: Sequence[Kelompok], today: date) -> dict[int, KelompokLine]:
    """Members, and who recorded this week and in the last RECENT_WEEKS, per kelompok (three statements)."""
    ids = [k.id for k in groups]
    if not ids:
        return {}
    sizes = dict(
        session.execute(
            select(Kpm.kelompok_id, func.count(Kpm.id)).where(Kpm.kelompok_id.in_(ids)).group_by(Kpm.kelompok_id)
        ).all()
    )
    week = period("this_week", today)
    this_week = recorded_by_kelompok(session, ids, week.start, week.end)
    recent = recorded_by_kelompok(session, ids, today - timedelta(days=7 * RECENT_WEEKS - 1), today)
    return {
        k.id: KelompokLine(k.id, k.name, sizes.get(k.id, 0), this_week.get(k.id, 0), recent.get(k.id, 0))
        for k in groups
    }


def _sales(session: Session, groups: Iterable[Kelompok], p: Period) -> dict[int, int]:
    """Members' sales in `p` per kelompok."""
    return sales_by_kelompok(session, [k.id for k in groups], p.start, p.end)


def _sorted(groups: Iterable[Kelompok]) -> list[Kelompok]:
    return sorted(groups, key=lambda k: k.name.lower())


def overview(session: Session, pendamping_id: int, today: date, now: datetime) -> Overview:
    pendamping = session.get(Pendamping, pendamping_id)
    if pendamping is None:
        raise LookupError(f"pendamping {pendamping_id}")
    groups = _sorted(pendamping.kelompok)
    lines = _kelompok_lines(session, groups, today)
    week = period("this_week", today)
    month, last = period("this_month", today), period("last_month", today)
    same_days = previous(month)
    kelompok_ids = [k.id for k in groups]
    return Overview(
        pendamping.id,
        pendamping.name,
        pendamping.tz,
        today,
        [lines[k.id] for k in groups],
        week,
        today - timedelta(days=7 * RECENT_WEEKS - 1),
        month,
        same_days,
        last,
        sum(_sales(session, groups, month).values()),
        sum(_sales(session, groups, same_days).values()),
        sum(_sales(session, groups, last).values()),
        last_meeting(session, kelompok_ids, now),
        next_meeting(session, kelompok_ids, now),
        silent(session, kelompok_ids),
    )


def area(session: Session, people: Sequence[Pendamping], now: datetime) -> list[AreaLine]:
    """The area lines of `people`, in their order; each pendamping's days are her own zone's."""
    by_id = {p.id: p for p in people}
    groups: dict[int, list[Kelompok]] = {p.id: [] for p in people}
    for k in session.scalars(select(Kelompok).where(Kelompok.pendamping_id.in_(by_id))):
        assert k.pendamping_id is not None
        groups[k.pendamping_id].append(k)
    # One round of queries per local day (a city has one; a country's area up to three zones).
    by_day: dict[date, list[Pendamping]] = {}
    for p in people:
        by_day.setdefault(now.astimezone(ZoneInfo(p.tz)).date(), []).append(p)
    lines: dict[int, AreaLine] = {}
    for today, someone in by_day.items():
        theirs = [k for p in someone for k in groups[p.id]]
        counts = _kelompok_lines(session, theirs, today)
        sales = _sales(session, theirs, period("this_month", today))
        for p in someone:
            mine = _sorted(groups[p.id])
            lines[p.id] = AreaLine(
                p.id, p.name, today, [counts[k.id] for k in mine], sum(sales.get(k.id, 0) for k in mine)
            )
    return [lines[p.id] for p in people]


def silent(session: Session, kelompok_ids: list[int]) -> list[Silent]:
    """Members who stopped our messages (their STOP, Twilio 21610, failures in a row), newest first."""
    if not kelompok_ids:
        return []
    rows = session.execute(
        select(Kpm.id, Kpm.name, Kelompok.name, Contact.opted_out_at, Contact.opt_out_reason)
        .join(Kelompok, Kpm.kelompok_id == Kelompok.id)
        .join(Contact, Contact.phone == Kpm.phone)
        .where(Kpm.kelompok_id.in_(kelompok_ids), Contact.opted_out_at.is_not(None))
        .order_by(Contact.opted_out_at.desc())
    )
    return [Silent(kpm_id, name, group, since, reason) for kpm_id, name, group, since, reason in rows]


# ---------------------------------------------------------------- downloads

HEADER = ("pendamping", "kelompok", "anggota", "mencatat_minggu_ini", "mencatat_4_minggu", "penjualan_bulan_ini")


def as_table(lines: Sequence[Overview | AreaLine]) -> list[tuple[object, ...]]:
    """One row per kelompok; her members' sales this month on her first kelompok's row (it is not split)."""
    rows: list[tuple[object, ...]] = []
    for line in lines:
        for i, k in enumerate(line.kelompok):
            sales = line.sales_this_month if i == 0 else None
            rows.append((line.name, k.name, k.members, k.recorded_this_week, k.recorded_recently, sales))
    return rows
