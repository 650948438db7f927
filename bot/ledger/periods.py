"""Periods she asks about: hari ini, kemarin, minggu ini, minggu lalu, bulan ini, bulan lalu."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    key: str  # today, yesterday, this_week, last_week, this_month, last_month, last_7, last_30
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, n: int) -> date:
    """The 1st of the month n months after day's month (n may be negative)."""
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_starts(first: date, last: date) -> list[date]:
    """The 1st of every calendar month from first's month to last's month, both included."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [add_months(first, n) for n in range(max(count, 0))]


def period(key: str, today: date) -> Period:
    if key == "today":
        return Period(key, today, today)
    if key == "yesterday":
        return Period(key, today - timedelta(1), today - timedelta(1))
    if key == "this_week":
        return Period(key, today - timedelta(today.weekday()), today)
    if key == "last_week":
        monday = today - timedelta(today.weekday() + 7)
        return Period(key, monday, monday + timedelta(6))
    if key == "this_month":
        return Period(key, _month_start(today), today)
    if key == "last_month":
        end = _month_start(today) - timedelta(1)
        return Period(key, _month_start(end), end)
    if key == "last_7":
        return Period(key, today - timedelta(6), today)
    if key == "last_30":
        return Period(key, today - timedelta(29), today)
    raise ValueError(key)


def previous(p: Period) -> Period:
    """The period just before, of the same kind: yesterday for today, last month for this month.

    A period still running (this week, this month) is compared with the same
    number of days at the start of the one before, so the comparison is fair.
    """
    if p.key in ("this_month", "last_month"):
        prev_end = p.start - timedelta(1)
        prev_start = _month_start(prev_end)
        if p.key == "this_month":
            prev_end = min(prev_end, prev_start + timedelta(p.days - 1))
        return Period("previous", prev_start, prev_end)
    return Period(
        "previous",
        p.start - timedelta(days=7 if "week" in p.key else p.days),
        p.end - timedelta(days=7 if "week" in p.key else p.days),
    )


_PATTERNS = [
    (re.compile(r"\bbulan\s+(lalu|kemarin|kmrn|kemaren|kamari|sebelumnya|kapungkur)\b|\blast month\b"), "last_month"),
    (re.compile(r"\bbulan\s+(ini|ieu)\b|\bsebulan\b|\bbulanan\b|\bthis month\b|\bbln ini\b"), "this_month"),
    (
        re.compile(r"\b(minggu|mgg|pekan)\s+(lalu|kemarin|kmrn|kemaren|kamari|sebelumnya|kapungkur)\b|\blast week\b"),
        "last_week",
    ),
    (re.compile(r"\b(minggu|mgg|pekan)\s+(ini|ieu)\b|\bseminggu\b|\bmingguan\b|\bthis week\b"), "this_week"),
    (re.compile(r"\b(kemarin|kmrn|kemaren|kamari|yesterday)\b"), "yesterday"),
    (re.compile(r"\b30\s*hari\b"), "last_30"),
    (re.compile(r"\b7\s*hari\b"), "last_7"),
]


def period_from_text(text: str, today: date, default: str = "today") -> Period:
    low = text.lower()
    for pattern, key in _PATTERNS:
        if pattern.search(low):
            return period(key, today)
    return period(default, today)
