"""The time every process agrees on.

Real time, unless the environment names a CLOCK_FILE holding an offset in
seconds: tests (and a demo) move every process forward together, so a reminder
due tomorrow fires now without anyone sleeping for a day. Production leaves
CLOCK_FILE unset.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

_cache: dict[str, tuple[float, float]] = {}


def offset() -> timedelta:
    path = os.environ.get("CLOCK_FILE")
    if not path:
        return timedelta(0)
    try:
        mtime = os.stat(path).st_mtime
    except FileNotFoundError:
        return timedelta(0)
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        text = Path(path).read_text().strip()
        cached = (mtime, float(text or 0))
        _cache[path] = cached
    return timedelta(seconds=cached[1])


def utcnow() -> datetime:
    return datetime.now(UTC) + offset()


def local_today(tz: str) -> date:
    return utcnow().astimezone(ZoneInfo(tz)).date()


def set_offset(path: Path, seconds: float) -> None:
    """Move the shared clock (tests, demos): written atomically so readers never see half a number."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{seconds}\n")
    tmp.replace(path)


class _ShiftedDatetime(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        real = datetime.now(tz or UTC) + offset()
        return real if tz else real.replace(tzinfo=None)


def shift_scheduler_clock() -> None:
    """APScheduler 3 reads datetime.now() in its loop; let it read the shared clock instead."""
    if not os.environ.get("CLOCK_FILE"):
        return
    from apscheduler.executors import base as executors
    from apscheduler.schedulers import base as schedulers

    # The scheduler decides what is due; the executor decides what ran too late (misfire).
    schedulers.datetime = _ShiftedDatetime  # type: ignore[misc]
    executors.datetime = _ShiftedDatetime  # type: ignore[misc]
