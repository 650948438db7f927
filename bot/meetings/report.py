"""After a fan-out, the pendamping hears how it went: sent, failed, and who could not be reached."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import gettext
from bot.meetings.models import Meeting
from bot.meetings.present import meeting_values
from bot.messaging import keys
from bot.messaging.models import OutboxMessage
from bot.messaging.outbox import DONE
from bot.messaging.reach import Reacher
from bot.replies import MEETING_REASON, render
from bot.roster.identity import identify
from bot.roster.models import Kpm, Pendamping

log = logging.getLogger(__name__)
# Rows still queued after this long (deferred by the daily limit, retrying) are reported as queued.
PATIENCE = timedelta(minutes=10)


def fanout_rows(session: Session, meeting: Meeting) -> list[OutboxMessage]:
    kinds = ("meeting_invite", "meeting_change", "meeting_cancel")
    rows = session.scalars(
        select(OutboxMessage).where(OutboxMessage.meeting_id == meeting.id, OutboxMessage.purpose.in_(kinds))
    ).all()
    latest = max((r.created_at for r in rows), default=None)
    # Only the latest notice (invitation, change or cancellation) is reported.
    return [r for r in rows if latest is not None and latest - r.created_at < timedelta(minutes=1)]


def send_reports(session: Session, now: datetime) -> int:
    """Report every fan-out that has finished (or waited long enough); once per meeting version."""
    sent = 0
    gate = Reacher(session, now)
    for meeting in session.scalars(select(Meeting).where(Meeting.report_version > 0)).all():
        rows = fanout_rows(session, meeting)
        pending = [r for r in rows if r.status not in DONE]
        if pending and now - min(r.created_at for r in rows) < PATIENCE:
            continue
        pendamping = session.get(Pendamping, meeting.pendamping_id)
        assert pendamping is not None
        who = identify(session, pendamping.phone)
        failed = [r for r in rows if r.status in ("failed", "undelivered")]
        lines = []
        for row in failed:
            kpm = session.scalar(select(Kpm).where(Kpm.phone == row.phone))
            reason = MEETING_REASON.get(row.error_code or "", None)
            why = gettext(reason, who.language) if reason else f"{row.error_code}: {(row.error_message or '')[:120]}"
            lines.append(f"• {kpm.name if kpm else row.phone[-4:]}: {why}")
        values = {
            **meeting_values(meeting, who.language),
            "sent": len([r for r in rows if r.status in ("sent", "delivered", "read")]),
            "queued": len(pending),
            "failed": len(failed),
            "lines": "\n".join(lines),
        }
        text = render("utter_meeting_report", who, **values)
        went = gate.send(keys.meeting_report(meeting.id, meeting.version), pendamping.phone, "meeting_report", text)
        if went == "free_text":
            sent += 1
        elif went != "already":
            log.warning("meeting %s report not sent: %s", meeting.id, went)
        meeting.report_version = 0
    return sent
