"""An opted-out KPM: a broadcast (invitation), a reminder and a nudge are all sent, and none reaches her."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.meetings import reminders
from bot.meetings.models import Invitation, Meeting
from bot.meetings.notify import notify
from bot.messaging.models import OutboxMessage
from bot.nudges import weekly
from bot.privacy import consent
from bot.roster.identity import get_contact
from bot.roster.importer import import_roster
from bot.roster.models import Kelompok

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SITI, EUIS = "+6281220000002", "+6281220000003"
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)  # Sunday 16:00 WIB
STARTS = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def test_broadcast_reminder_and_nudge_skip_her(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        import_roster(session, ROSTER.read_bytes())
        for phone in (SITI, EUIS):
            get_contact(session, phone).last_inbound_at = NOW - timedelta(hours=1)  # inside the window, not busy
        assert consent.handle(session, SITI, "jangan kirim lagi", NOW) == "utter_consent_stopped"
        melati = session.scalar(select(Kelompok).where(Kelompok.name == "Melati"))
        assert melati is not None and melati.pendamping is not None
        meeting = Meeting(pendamping_id=melati.pendamping.id, starts_at=STARTS, tz="Asia/Jakarta", place="Balai")
        meeting.kelompok = [melati]
        session.add(meeting)
        session.flush()
        for kpm in melati.members:
            session.add(Invitation(meeting_id=meeting.id, kpm_id=kpm.id))
        session.flush()
        session.refresh(meeting)
        invited = notify(session, settings, meeting, "invite", NOW)
        reminders.send_reminders(session, settings, meeting.id, 1, "day_before", NOW)
        nudged = weekly.queue_for_kelompok(session, settings, melati.id, NOW)
        assert invited.unreachable[SITI] == nudged.unreachable[SITI] == "opted_out"
        purposes_to = {
            (r.phone, r.purpose)
            for r in session.scalars(select(OutboxMessage).where(OutboxMessage.phone.in_([SITI, EUIS])))
        }
        assert purposes_to == {(EUIS, "meeting_invite"), (EUIS, "meeting_remind"), (EUIS, "weekly_nudge")}
