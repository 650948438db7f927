"""A pendamping's overview: her kelompok with their members, who recorded this week and in
the last four weeks, sales this month against last month, the last and the next meeting,
and who stopped our messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ledger.periods import Period, period, previous
from bot.ledger.progress import recorded_between, sales_between
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


@dataclass(frozen=True)
class Overview:
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

    @property
    def members(self) -> int:
        return sum(k.members for k in self.kelompok)

    @property
    def recorded_this_week(self) -> int:
        return sum(k.recorded_this_week for k in self.kelompok)

    @property
    def recorded_recently(self) -> int:
        return sum(k.recorded_recently for k in self.kelompok)


def overview(session: Session, pendamping_id: int, today: date, now: datetime) -> Overview:
    pendamping = session.get(Pendamping, pendamping_id)
    if pendamping is None:
        raise LookupError(f"pendamping {pendamping_id}")
    groups = sorted(pendamping.kelompok, key=lambda k: k.name.lower())
    members = {k.id: list(session.scalars(select(Kpm.id).where(Kpm.kelompok_id == k.id))) for k in groups}
    everyone = [kpm_id for ids in members.values() for kpm_id in ids]
    week = period("this_week", today)
    recent_start = today - timedelta(days=7 * RECENT_WEEKS - 1)
    this_week = recorded_between(session, everyone, week.start, week.end)
    recent = recorded_between(session, everyone, recent_start, today)
    lines = [
        KelompokLine(
            k.id,
            k.name,
            len(members[k.id]),
            len(this_week.intersection(members[k.id])),
            len(recent.intersection(members[k.id])),
        )
        for k in groups
    ]
    month, last = period("this_month", today), period("last_month", today)
    same_days = previous(month)
    kelompok_ids = [k.id for k in groups]
    return Overview(
        pendamping.id,
        pendamping.name,
        pendamping.tz,
        today,
        lines,
        week,
        recent_start,
        month,
        same_days,
        last,
        sum(sales_between(session, everyone, month.start, month.end).values()),
        sum(sales_between(session, everyone, same_days.start, same_days.end).values()),
        sum(sales_between(session, everyone, last.start, last.end).values()),
        last_meeting(session, kelompok_ids, now),
        next_meeting(session, kelompok_ids, now),
        silent(session, kelompok_ids),
    )


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
