"""Reminder batches: when they fire (data/reminders.yml), one job per batch in the database, who gets them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from bot.config import Settings
from bot.db import get_engine, session_scope
from bot.meetings import reminders
from bot.meetings.models import Invitation, Meeting
from bot.messaging.models import OutboxMessage
from bot.roster.identity import get_contact
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 WIB
STARTS = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


def test_offsets_come_from_the_data_file() -> None:
    by_name = {r.name: r for r in reminders.reminders()}
    assert set(by_name) == {"day_before", "two_hours"}
    assert by_name["day_before"].fire_time(STARTS, "Asia/Jakarta") == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert by_name["two_hours"].fire_time(STARTS, "Asia/Jakarta") == datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    # 16:00 in the pendamping's own zone: WITA is an hour ahead of WIB.
    assert by_name["day_before"].fire_time(STARTS, "Asia/Makassar") == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def make_meeting(settings: Settings) -> int:
    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        melati = session.scalar(select(Kelompok).where(Kelompok.name == "Melati"))
        assert melati is not None and melati.pendamping is not None
        meeting = Meeting(
            pendamping_id=melati.pendamping.id,
            starts_at=STARTS,
            tz="Asia/Jakarta",
            place="Balai RW 05",
            kelompok=[melati],
        )
        session.add(meeting)
        session.flush()
        for kpm in melati.members:
            session.add(Invitation(meeting_id=meeting.id, kpm_id=kpm.id))
        return meeting.id


def scheduler_on(url: str) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        jobstores={"persistent": SQLAlchemyJobStore(engine=get_engine(url))}, timezone="UTC"
    )
    scheduler.start(paused=True)
    return scheduler


@pytest.fixture()
def scheduler(settings: Settings) -> Iterator[BackgroundScheduler]:
    sched = scheduler_on(settings.database_url)
    yield sched
    sched.shutdown(wait=False)


def test_one_job_per_batch_moved_by_a_change_removed_by_a_cancel(
    settings: Settings, scheduler: BackgroundScheduler
) -> None:
    meeting_id = make_meeting(settings)
    assert reminders.sync_jobs(settings.database_url, scheduler, NOW) == 1
    assert reminders.sync_jobs(settings.database_url, scheduler, NOW) == 0  # nothing changed, nothing touched
    jobs = {j.id: j.next_run_time for j in scheduler.get_jobs(jobstore="persistent")}
    assert jobs == {
        f"meeting:{meeting_id}:day_before": datetime(2026, 12, 6, 9, 0, tzinfo=UTC),
        f"meeting:{meeting_id}:two_hours": datetime(2026, 12, 7, 0, 0, tzinfo=UTC),
    }
    # Another scheduler on the same database (a restarted worker) finds the same jobs.
    other = scheduler_on(settings.database_url)
    assert {j.id for j in other.get_jobs(jobstore="persistent")} == set(jobs)
    other.shutdown(wait=False)

    with session_scope(settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at, meeting.version = STARTS + timedelta(days=1), 2
    reminders.sync_jobs(settings.database_url, scheduler, NOW)
    moved = {j.id: (j.next_run_time, j.args) for j in scheduler.get_jobs(jobstore="persistent")}
    assert moved[f"meeting:{meeting_id}:two_hours"] == (
        datetime(2026, 12, 8, 0, 0, tzinfo=UTC),
        (meeting_id, 2, "two_hours"),
    )

    with session_scope(settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status, meeting.version = "cancelled", 3
    reminders.sync_jobs(settings.database_url, scheduler, NOW)
    assert scheduler.get_jobs(jobstore="persistent") == []


def test_a_reminder_whose_moment_has_passed_is_not_scheduled(
    settings: Settings, scheduler: BackgroundScheduler
) -> None:
    meeting_id = make_meeting(settings)
    reminders.sync_jobs(settings.database_url, scheduler, STARTS - timedelta(hours=5))
    assert [j.id for j in scheduler.get_jobs(jobstore="persistent")] == [f"meeting:{meeting_id}:two_hours"]


def test_batch_skips_who_declined_waits_for_who_is_busy_and_sends_once(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWILIO_CONTENT_MEETING_REMINDER_ID", "HX" + "2" * 32)
    meeting_id = make_meeting(settings)
    fire = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    with session_scope(settings.database_url) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        by_name = {i.kpm.name: i for i in meeting.invitations}
        by_name["Nining Suryani"].status = "no"
        get_contact(session, "+6281220000002").last_inbound_at = fire - timedelta(minutes=1)  # Siti, mid-conversation
        assert reminders.send_reminders(session, settings, meeting_id, 1, "day_before", fire) == 1
    with session_scope(settings.database_url) as session:
        first = session.scalars(select(OutboxMessage)).all()
        assert [r.phone for r in first] == ["+6281220000003"]  # Euis, outside the window: a template
        assert first[0].content_sid == "HX" + "2" * 32
        assert (
            reminders.send_reminders(session, settings, meeting_id, 1, "day_before", fire + timedelta(minutes=6)) == 0
        )
        assert (
            reminders.send_reminders(session, settings, meeting_id, 1, "day_before", fire + timedelta(minutes=9)) == 0
        )
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [r.phone for r in rows] == ["+6281220000003", "+6281220000002"]  # each once
        assert "Pengingat" in (rows[1].body or "")
        # A job of an older version (the meeting moved since) sends nothing.
        assert reminders.send_reminders(session, settings, meeting_id, 0, "two_hours", fire) == 0
        assert len(session.scalars(select(OutboxMessage)).all()) == 2
