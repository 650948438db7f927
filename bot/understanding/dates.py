"""The day a chat message talks about, in the user's own calendar (Asia/Jakarta by default).

A small rule layer instead of dateparser: dateparser's Indonesian misses "lusa",
"kemarin lusa", "tgl 5" and Sundanese words, and the few forms people use for a
stall's bookkeeping fit in a page of rules that are easy to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "jan": 1,
    "januari": 1,
    "feb": 2,
    "februari": 2,
    "peb": 2,
    "mar": 3,
    "maret": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "agu": 8,
    "agt": 8,
    "agustus": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "nop": 11,
    "november": 11,
    "nopember": 11,
    "des": 12,
    "desember": 12,
}
WEEKDAYS = {
    "senin": 0,
    "senen": 0,
    "selasa": 1,
    "salasa": 1,
    "rabu": 2,
    "rebo": 2,
    "kamis": 3,
    "kemis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jumaah": 4,
    "sabtu": 5,
    "saptu": 5,
    "minggu": 6,
    "ahad": 6,
}
_RELATIVE = [
    (re.compile(r"\b(kemarin|kmrn|kemaren|kmaren|kamari)\s+lusa\b|\btilu\s+poe\s+ka\s+tukang\b"), -2),
    (re.compile(r"\b(besok|bsk|besoknya|enjing|isukan|lusa|pageto)\b|\b(minggu|bulan|tahun|pekan)\s+depan\b"), 1),
    (re.compile(r"\b(kemarin|kmrn|kemaren|kmaren|kemarinn|kamari|kemrin)\b"), -1),
    (re.compile(r"\b(hari ini|hr ini|hri ini|tadi|td|barusan|ayeuna|dinten ieu|poe ieu|skrg|sekarang)\b"), 0),
]
_TGL = re.compile(r"\b(?:tgl|tanggal|tang)\.?\s*(\d{1,2})(?:\s+([a-z]+))?\b")
_DAY_MONTH_NUM = re.compile(r"(?<![\d.,])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?(?![\d.,])")
_DAY_MONTH_NAME = re.compile(r"\b(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")
_WEEKDAY = re.compile(r"\b(hari\s+|hr\s+|poe\s+)?(" + "|".join(WEEKDAYS) + r")\b")


FUTURE_MEANS_LAST_YEAR = 180


@dataclass(frozen=True)
class SaidDate:
    day: date
    start: int
    end: int


class FutureDate(ValueError):
    """A record cannot belong to a day that has not come yet."""


def make_date(*, day: int, month: int, year: int) -> date | None:
    """The date, or None when there is no such day (31 June, month 13); keyword-only so the order cannot be mixed up."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, today: date) -> SaidDate | None:
    """The day named in `text` relative to `today`; None if no day is named.

    Raises FutureDate for tomorrow and later: sales are recorded after they happen.
    """
    low = text.lower()
    for pattern, offset in _RELATIVE:
        match = pattern.search(low)
        if match:
            if offset > 0:
                raise FutureDate(match.group(0))
            return SaidDate(today + timedelta(days=offset), match.start(), match.end())
    match = _TGL.search(low)
    if match:
        day = int(match.group(1))
        month = MONTHS.get(match.group(2) or "", 0)
        return _resolve(day, month, None, today, match)
    match = _DAY_MONTH_NUM.search(low)
    if match and int(match.group(2)) <= 12:
        year = int(match.group(3)) if match.group(3) else None
        if year is not None and year < 100:
            year += 2000
        return _resolve(int(match.group(1)), int(match.group(2)), year, today, match)
    match = _DAY_MONTH_NAME.search(low)
    if match:
        return _resolve(int(match.group(1)), MONTHS[match.group(2)], None, today, match)
    for match in _WEEKDAY.finditer(low):
        name = match.group(2)
        # Alone, "minggu" is a week ("minggu ini"); Sunday is "hari minggu".
        if name == "minggu" and not match.group(1):
            continue
        back = (today.weekday() - WEEKDAYS[name]) % 7
        return SaidDate(today - timedelta(days=back), match.start(), match.end())
    return None


def _resolve(day: int, month: int, year: int | None, today: date, match: re.Match[str]) -> SaidDate | None:
    """A day (and month) without a year: the most recent one that is not in the future."""
    if not 1 <= day <= 31:
        return None
    if month:
        years = [year] if year else [today.year, today.year - 1]
        for y in years:
            candidate = make_date(day=day, month=month, year=y)
            if candidate and candidate <= today:
                return SaidDate(candidate, match.start(), match.end())
            # A date ahead this year is a mistake to ask about, unless it is far enough
            # ahead to mean last year ("28/12" written in January).
            if candidate and (year or (candidate - today).days <= FUTURE_MEANS_LAST_YEAR):
                raise FutureDate(match.group(0))
        return None
    # Only a day number: this month if it has come, else last month.
    month_start = today.replace(day=1)
    for first in (month_start, (month_start - timedelta(days=1)).replace(day=1)):
        candidate = make_date(day=day, month=first.month, year=first.year)
        if candidate and candidate <= today:
            return SaidDate(candidate, match.start(), match.end())
    return None
