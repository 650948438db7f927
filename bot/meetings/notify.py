"""Telling every member of a meeting something: one key per (meeting, purpose, KPM), so never twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.meetings.models import Invitation, Meeting
from bot.meetings.present import meeting_values
from bot.messaging import keys
from bot.messaging.reach import Reach, Reacher
from bot.replies import render
from bot.roster.identity import identify

# kind -> free-text response (the template comes with the purpose, bot/messaging/reach.py)
KINDS = {
    "invite": "utter_meeting_invitation",
    "change": "utter_meeting_changed",
    "cancel": "utter_meeting_cancelled",
    "remind": "utter_meeting_reminder",
}


def notify(
    session: Session,
    settings: Settings,
    meeting: Meeting,
    kind: str,
    now: datetime,
    invitations: Iterable[Invitation] | None = None,
    reminder: str | None = None,
) -> Reach:
    """Queue the message for each invitation (default: all); the result says how each went."""
    response = KINDS[kind]
    reacher = Reacher.for_settings(session, settings, now)
    # A reminder or a change held back past the start helps no one.
    not_after = meeting.starts_at if kind in ("remind", "change") else None
    for invitation in invitations if invitations is not None else meeting.invitations:
        who = identify(session, invitation.kpm.phone)
        values = meeting_values(meeting, who.language)
        text = render(response, who, **values)
        template_values = {**values, "name": who.name or "", "kelompok": values["groups"]}
        reacher.send(
            keys.meeting_notice(meeting.id, meeting.version, kind, invitation.kpm_id, reminder),
            invitation.kpm.phone,
            f"meeting_{kind}",
            text,
            values=template_values,
            language=who.language,
            not_after=not_after,
        )
    return reacher.result
