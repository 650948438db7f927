"""A pendamping's meetings as the dashboard lists them: those to come with who answered what (the same
lists as the chat's "siapa yang hadir", bot/meetings/service.answers), those that started with who
came, and those called off lately. Plain values; access is checked before, formatting happens after."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.meetings import service
from bot.meetings.models import Meeting
from bot.roster.models import Pendamping

PAST_SHOWN = 12


@dataclass(frozen=True)
class Person:
    kpm_id: int
    name: str
    reason: str | None = None  # why she will not come, as she wrote it


@dataclass(frozen=True)
class Member:
    """One invited KPM: her answer (yes, no, pending) and whether she came (None: not recorded)."""

    kpm_id: int
    name: str
    answer: str
    attended: bool | None


@dataclass(frozen=True)
class MeetingView:
    id: int
    pendamping_id: int
    pendamping: str
    starts_at: datetime
    tz: str
    place: str
    topic: str | None
    label: str | None
    kelompok: tuple[str, ...]
    status: str  # scheduled | done | cancelled
    # Her answer to the invitation (the latest version of it).
    yes: tuple[Person, ...]
    no: tuple[Person, ...]
    pending: tuple[Person, ...]
    # Whether she came, as the pendamping recorded it (unrecorded: not yet said).
    present: tuple[Person, ...]
    absent: tuple[Person, ...]
    unrecorded: tuple[Person, ...]
    started: bool
    members: tuple[Member, ...]  # in the order the chat numbers them for attendance

    @property
    def invited(self) -> int:
        return len(self.yes) + len(self.no) + len(self.pending)

    @property
    def can_change(self) -> bool:
        """Moved or called off only before it starts (the chat's read-back says the same)."""
        return self.status == "scheduled" and not self.started

    @property
    def can_take_attendance(self) -> bool:
        return self.status != "cancelled" and self.started


def view(meeting: Meeting, pendamping: str, now: datetime) -> MeetingView:
    answered = service.answers(meeting)

    def people(invitations) -> tuple[Person, ...]:  # type: ignore[no-untyped-def]
        return tuple(Person(i.kpm_id, i.kpm.name, i.reason if i.status == "no" else None) for i in invitations)

    invitations = meeting.invitations
    return MeetingView(
        id=meeting.id,
        pendamping_id=meeting.pendamping_id,
        pendamping=pendamping,
        starts_at=meeting.starts_at,
        tz=meeting.tz,
        place=meeting.place,
        topic=meeting.topic,
        label=meeting.label,
        kelompok=tuple(k.name for k in meeting.kelompok),
        status=meeting.status,
        yes=people(answered["yes"]),
        no=people(answered["no"]),
        pending=people(answered["pending"]),
        present=people(i for i in invitations if i.attended is True),
        absent=people(i for i in invitations if i.attended is False),
        unrecorded=people(i for i in invitations if i.attended is None),
        started=meeting.starts_at <= now,
        members=tuple(Member(i.kpm_id, i.kpm.name, i.status, i.attended) for i in invitations),
    )


def _names(session: Session, pendamping_ids: Collection[int]) -> dict[int, str]:
    rows = session.execute(select(Pendamping.id, Pendamping.name).where(Pendamping.id.in_(pendamping_ids)))
    return {pid: name for pid, name in rows}


def _views(session: Session, query, pendamping_ids: Collection[int], now: datetime) -> list[MeetingView]:  # type: ignore[no-untyped-def]
    if not pendamping_ids:
        return []
    names = _names(session, pendamping_ids)
    meetings = session.scalars(query.where(Meeting.pendamping_id.in_(pendamping_ids)))
    return [view(m, names.get(m.pendamping_id, ""), now) for m in meetings]


def upcoming(session: Session, pendamping_ids: Collection[int], now: datetime) -> list[MeetingView]:
    """Scheduled and not yet started, soonest first."""
    query = select(Meeting).where(Meeting.status == "scheduled", Meeting.starts_at > now).order_by(Meeting.starts_at)
    return _views(session, query, pendamping_ids, now)


def past(
    session: Session, pendamping_ids: Collection[int], now: datetime, limit: int = PAST_SHOWN
) -> list[MeetingView]:
    """Started (not called off), newest first: the ones attendance is taken for."""
    query = (
        select(Meeting)
        .where(Meeting.status != "cancelled", Meeting.starts_at <= now)
        .order_by(Meeting.starts_at.desc())
        .limit(limit)
    )
    return _views(session, query, pendamping_ids, now)


def cancelled(session: Session, pendamping_ids: Collection[int], since: datetime, now: datetime) -> list[MeetingView]:
    """Called off, planned for `since` or later, soonest first."""
    query = select(Meeting).where(Meeting.status == "cancelled", Meeting.starts_at >= since).order_by(Meeting.starts_at)
    return _views(session, query, pendamping_ids, now)


def one(session: Session, meeting: Meeting, now: datetime) -> MeetingView:
    owner = session.get(Pendamping, meeting.pendamping_id)
    return view(meeting, owner.name if owner else "", now)


# ---------------------------------------------------------------- downloads

HEADER = ("pertemuan", "tanggal", "jam", "tempat", "kelompok", "nama", "jawaban", "alasan", "hadir")


def as_table(m: MeetingView) -> list[tuple[object, ...]]:
    """One row per invited KPM: her answer (ya / tidak / belum), her reason, whether she came."""
    local = m.starts_at.astimezone(ZoneInfo(m.tz))
    reasons = {p.kpm_id: p.reason for p in m.no}
    answer = {"yes": "ya", "no": "tidak"}
    came = {True: "ya", False: "tidak", None: ""}
    return [
        (
            m.id,
            local.date(),
            local.strftime("%H:%M"),
            m.place,
            ", ".join(m.kelompok),
            member.name,
            answer.get(member.answer, "belum"),
            reasons.get(member.kpm_id) or "",
            came[member.attended],
        )
        for member in m.members
    ]
