"""Per kelompok, for the pendamping: who records regularly, who stopped, whose sales rise week after week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.ledger.progress import last_entry_days, weekly
from bot.messaging.models import OutboxMessage
from bot.roster.models import Kelompok

WEEKS = 4
# Recorded in at least this many of the last WEEKS weeks: "records regularly".
REGULAR = 3


@dataclass(frozen=True)
class MemberProgress:
    name: str
    weeks_recorded: int  # of the last WEEKS
    last_record: date | None
    weekly_sales: tuple[int, ...]  # oldest first

    @property
    def status(self) -> str:
        if self.last_record is None:
            return "never"
        if self.weeks_recorded >= REGULAR:
            return "regular"
        return "stopped" if self.weeks_recorded == 0 else "sometimes"

    @property
    def rising(self) -> bool:
        """Sales up over 4+ weeks: never down from one week to the next, and higher at the end."""
        s = self.weekly_sales
        return len(s) >= WEEKS and s[-1] > s[0] and all(b >= a for a, b in pairwise(s))


def kelompok_progress(session: Session, kelompok: Kelompok, today: date) -> list[MemberProgress]:
    members = sorted(kelompok.members, key=lambda k: k.name.lower())
    ids = [kpm.id for kpm in members]
    weeks = weekly(session, ids, today, WEEKS)
    last = last_entry_days(session, ids)
    return [
        MemberProgress(
            kpm.name,
            sum(1 for w in weeks[kpm.id] if w.recorded),
            last.get(kpm.id),
            tuple(w.sales for w in weeks[kpm.id]),
        )
        for kpm in members
    ]


def last_nudges(session: Session, phones: list[str]) -> dict[str, datetime]:
    """When each of them was last sent the weekly nudge (queued rows that went out or wait to)."""
    rows = session.execute(
        select(OutboxMessage.phone, func.max(OutboxMessage.created_at))
        .where(
            OutboxMessage.purpose == "weekly_nudge",
            OutboxMessage.phone.in_(phones),
            OutboxMessage.status.not_in(("failed", "undelivered")),
        )
        .group_by(OutboxMessage.phone)
    )
    return {phone: at for phone, at in rows}
