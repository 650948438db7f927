"""Per kelompok, for the pendamping: who records regularly, who stopped, whose sales rise week after week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.ledger.models import LedgerEntry
from bot.ledger.service import totals
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
    result = []
    for kpm in sorted(kelompok.members, key=lambda k: k.name.lower()):
        weeks = []
        for i in reversed(range(WEEKS)):
            end = today - timedelta(days=7 * i)
            weeks.append(totals(session, kpm.id, end - timedelta(days=6), end))
        last = session.scalar(
            select(func.max(LedgerEntry.entry_date)).where(
                LedgerEntry.kpm_id == kpm.id, LedgerEntry.deleted_at.is_(None)
            )
        )
        result.append(MemberProgress(kpm.name, sum(1 for w in weeks if w.count), last, tuple(w.sales for w in weeks)))
    return result
