"""Reminders before each meeting: offsets are data (data/reminders.yml), jobs live in the database.

Only the worker touches the scheduler. Other processes change meetings (and bump
their version); the worker's sync turns each meeting version into one APScheduler
job per reminder batch, so a restart of any process loses nothing.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.config import ROOT, Settings, load_settings
from bot.db import session_scope, utcnow
from bot.meetings.models import Meeting
from bot.meetings.notify import notify

log = logging.getLogger(__name__)
REMINDERS_FILE = ROOT / "data" / "reminders.yml"
# Busy people are retried this often until the meeting starts.
RETRY_BUSY = timedelta(minutes=2)
JOBSTORE = "persistent"
# Set by the worker, the one process that schedules.
scheduler: BaseScheduler | None = None


@dataclass(frozen=True)
class Reminder:
    name: str
    days_before: int | None = None
    at: time | None = None
    minutes_before: int | None = None

    def fire_time(self, starts_at: datetime, tz: str) -> datetime:
        if self.minutes_before is not None:
            return starts_at - timedelta(minutes=self.minutes_before)
        local_day = starts_at.astimezone(ZoneInfo(tz)).date() - timedelta(days=self.days_before or 0)
        return datetime.combine(local_day, self.at or time(16, 0), ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))


@lru_cache(maxsize=1)
def reminders(path: Path = REMINDERS_FILE) -> tuple[Reminder, ...]:
    specs = yaml.safe_load(path.read_text())["reminders"]
    return tuple(
        Reminder(
            name=s["name"],
            days_before=s.get("days_before"),
            at=time.fromisoformat(s["at"]) if s.get("at") else None,
            minutes_before=s.get("minutes_before"),
        )
        for s in specs
    )


def job_id(meeting_id: int, name: str) -> str:
    return f"meeting:{meeting_id}:{name}"


def sync_jobs(database_url: str, sched: BaseScheduler, now: datetime) -> int:
    """Make the scheduler's reminder jobs match every meeting whose version changed.

    The meetings are read and marked in their own short transactions: the job store
    writes through another connection, and SQLite lets only one writer in at a time.
    """
    with session_scope(database_url) as session:
        changed = [
            (m.id, m.version, m.status, m.starts_at, m.tz)
            for m in session.scalars(select(Meeting).where(Meeting.jobs_version != Meeting.version))
        ]
    for meeting_id, version, status, starts_at, tz in changed:
        for spec in reminders():
            for suffix in ("", ":later"):
                with contextlib.suppress(JobLookupError):
                    sched.remove_job(job_id(meeting_id, spec.name) + suffix, jobstore=JOBSTORE)
            when = spec.fire_time(starts_at, tz)
            # A reminder whose moment passed before the invitation went out is not sent late.
            if status == "scheduled" and now < when < starts_at:
                sched.add_job(
                    "bot.meetings.reminders:reminder_job",
                    "date",
                    run_date=when,
                    args=[meeting_id, version, spec.name],
                    id=job_id(meeting_id, spec.name),
                    jobstore=JOBSTORE,
                    replace_existing=True,
                    misfire_grace_time=int(max((starts_at - when).total_seconds(), 60)),
                )
    with session_scope(database_url) as session:
        for meeting_id, version, *_ in changed:
            # Conditional: a change made meanwhile keeps its meeting in the next pass.
            session.execute(
                update(Meeting).where(Meeting.id == meeting_id, Meeting.version == version).values(jobs_version=version)
            )
    return len(changed)


def send_reminders(
    session: Session, settings: Settings, meeting_id: int, version: int, name: str, now: datetime
) -> int:
    """Queue one reminder batch; returns how many members were busy and wait for a later pass.

    Whoever is mid-conversation (e.g. recording a sale) waits: the gate says so (bot/messaging/reach.py).
    """
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.status != "scheduled" or meeting.version != version or now >= meeting.starts_at:
        return 0
    due = [i for i in meeting.invitations if i.status != "no" and name not in i.reminded.split(",")]
    reach = notify(session, settings, meeting, "remind", now, due, reminder=name)
    for invitation in due:
        if invitation.kpm.phone not in reach.unreachable and invitation.kpm.phone not in reach.waiting:
            invitation.reminded = ",".join(filter(None, [invitation.reminded, name]))
    waiting = len(reach.waiting)
    log.info("meeting %s reminder %s: %s queued, %s waiting", meeting_id, name, reach.queued, waiting)
    return waiting


def reminder_job(meeting_id: int, version: int, name: str) -> None:
    """APScheduler entry point (importable by name: the job is stored in the database)."""
    settings = load_settings()
    now = utcnow()
    with session_scope(settings.database_url) as session:
        waiting = send_reminders(session, settings, meeting_id, version, name, now)
    if waiting and scheduler is not None:
        scheduler.add_job(
            "bot.meetings.reminders:reminder_job",
            "date",
            run_date=now + RETRY_BUSY,
            args=[meeting_id, version, name],
            id=job_id(meeting_id, name) + ":later",
            jobstore=JOBSTORE,
            replace_existing=True,
            misfire_grace_time=3600,
        )
