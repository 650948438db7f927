"""Meetings in numbers, for the dashboard and anyone else: the last and next meeting of some
kelompok with their answers and attendance, and each KPM's attendance over a period.

Counts are of the invitations of the kelompok asked about (a meeting of two kelompok
counts, for one of them, only her members). Cancelled meetings are left out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.meetings.models import Invitation, Meeting, meeting_kelompok
from bot.roster.models import Kpm


@dataclass(frozen=True)
class MeetingCounts:
    meeting_id: int
    starts_at: datetime
    tz: str
    place: str
    label: str | None
    topic: str | None
    kelompok: tuple[str, ...]
    status: str
    yes: int = 0
    no: int = 0
    pending: int = 0
    present: int = 0
    absent: int = 0

    @property
    def invited(self) -> int:
        return self.yes + self.no + self.pending

    @property
    def unrecorded(self) -> int:
        """Invited, but the pendamping has not said whether she came."""
        return self.invited - self.present - self.absent


@dataclass(frozen=True)
class Attendance:
    """One KPM's meeting: what she answered and whether she came (None: not recorded)."""

    meeting_id: int
    starts_at: datetime
    tz: str
    place: str
    label: str | None
    topic: str | None
    answer: str  # yes | no | pending
    attended: bool | None


def _of_kelompok(kelompok_ids: Collection[int]):  # type: ignore[no-untyped-def]
    in_kelompok = select(meeting_kelompok.c.meeting_id).where(meeting_kelompok.c.kelompok_id.in_(kelompok_ids))
    return select(Meeting).where(Meeting.id.in_(in_kelompok), Meeting.status != "cancelled")


def _counts(session: Session, meeting: Meeting, kelompok_ids: Collection[int]) -> MeetingCounts:
    rows = session.execute(
        select(Invitation.status, Invitation.attended, func.count(Invitation.id))
        .join(Kpm, Invitation.kpm_id == Kpm.id)
        .where(Invitation.meeting_id == meeting.id, Kpm.kelompok_id.in_(kelompok_ids))
        .group_by(Invitation.status, Invitation.attended)
    )
    tally = {"yes": 0, "no": 0, "pending": 0, "present": 0, "absent": 0}
    for status, attended, count in rows:
        tally[status] = tally.get(status, 0) + count
        if attended is not None:
            tally["present" if attended else "absent"] += count
    return MeetingCounts(
        meeting.id,
        meeting.starts_at,
        meeting.tz,
        meeting.place,
        meeting.label,
        meeting.topic,
        tuple(k.name for k in meeting.kelompok),
        meeting.status,
        **tally,
    )


def last_meeting(session: Session, kelompok_ids: Collection[int], now: datetime) -> MeetingCounts | None:
    """The latest meeting that has started (the one attendance is taken for)."""
    if not kelompok_ids:
        return None
    meeting = session.scalars(
        _of_kelompok(kelompok_ids).where(Meeting.starts_at <= now).order_by(Meeting.starts_at.desc()).limit(1)
    ).first()
    return _counts(session, meeting, kelompok_ids) if meeting else None


def next_meeting(session: Session, kelompok_ids: Collection[int], now: datetime) -> MeetingCounts | None:
    """The next meeting still to come, with who said she comes."""
    if not kelompok_ids:
        return None
    meeting = session.scalars(
        _of_kelompok(kelompok_ids).where(Meeting.starts_at > now).order_by(Meeting.starts_at).limit(1)
    ).first()
    return _counts(session, meeting, kelompok_ids) if meeting else None


def attendance_between(
    session: Session, kpm_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, tuple[int, int]]:
    """Per KPM: (came, recorded) over the meetings that started from start to before end."""
    if not kpm_ids:
        return {}
    rows = session.execute(
        select(Invitation.kpm_id, Invitation.attended, func.count(Invitation.id))
        .join(Meeting, Invitation.meeting_id == Meeting.id)
        .where(Invitation.kpm_id.in_(kpm_ids), Invitation.attended.is_not(None), Meeting.status != "cancelled")
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
        .group_by(Invitation.kpm_id, Invitation.attended)
    )
    result: dict[int, tuple[int, int]] = {}
    for kpm_id, attended, count in rows:
        came, recorded = result.get(kpm_id, (0, 0))
        result[kpm_id] = (came + (count if attended else 0), recorded + count)
    return result


def meetings_of(session: Session, kpm_id: int, since: datetime) -> list[Attendance]:
    """Her meetings since `since`, newest first."""
    rows = session.execute(
        select(Invitation, Meeting)
        .join(Meeting, Invitation.meeting_id == Meeting.id)
        .where(Invitation.kpm_id == kpm_id, Meeting.status != "cancelled", Meeting.starts_at >= since)
        .order_by(Meeting.starts_at.desc())
    )
    return [Attendance(m.id, m.starts_at, m.tz, m.place, m.label, m.topic, inv.status, inv.attended) for inv, m in rows]
