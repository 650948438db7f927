"""What a pendamping (or her koordinator) reads about her kelompok: plain values built from
the domains' aggregate queries (bot/ledger/progress.py, bot/meetings/summary.py,
bot/ledger/savings.py), for the dashboard's pages and downloads and for any CLI.

Every function takes ids and days, never a request: access is checked before
(bot/roster/access.py), and formatting happens after (the dashboard, in her language).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def local_midnight(day: date, tz: str) -> datetime:
    """The start of `day` in the zone `tz`, as an aware datetime (compare with UTC columns)."""
    return datetime.combine(day, time.min, ZoneInfo(tz))
