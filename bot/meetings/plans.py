"""What a pendamping asks for, read back before anything is sent.

An invitation, a change or a cancellation is first a draft (one per pendamping,
kept in the database so it survives restarts); her "ya" carries it out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import question_ttl
from bot.meetings.models import Meeting
from bot.messaging import questions
from bot.roster.groups import groups_in, named_in, resolve_groups
from bot.roster.models import Pendamping
from bot.understanding.meetings import MeetingText

# Her plan as the open question: a read-back older than QUESTION_TTL_MINUTES is not what a "ya" today means.
DRAFT = "meeting"
# The answers the invitation still needs, asked in this order.
FIELDS = ("groups", "day", "at", "place")


@dataclass
class Plan:
    """An invitation being put together: plain values, stored as JSON in the draft."""

    kelompok_ids: list[int] = field(default_factory=list)
    day: str | None = None  # ISO date
    at: str | None = None  # HH:MM
    vague_time: str | None = None
    place: str | None = None
    topic: str | None = None
    label: str | None = None
    meeting_id: int | None = None  # for a change or cancellation

    def missing(self) -> str | None:
        if not self.kelompok_ids:
            return "groups"
        if not self.day:
            return "day"
        if not self.at:
            return "at"
        if not self.place:
            return "place"
        return None

    def starts_at(self, tz: str) -> datetime:
        assert self.day and self.at
        local = datetime.combine(date.fromisoformat(self.day), time.fromisoformat(self.at), ZoneInfo(tz))
        return local.astimezone(ZoneInfo("UTC"))


def merge(plan: Plan, pendamping: Pendamping, said: MeetingText, text: str = "") -> None:
    """Fill what this message says into the plan (later words win)."""
    groups = said.groups or named_in(pendamping, text)
    if groups:
        plan.kelompok_ids = [k.id for k in resolve_groups(pendamping, groups)]
    if said.day:
        plan.day = said.day.isoformat()
    if said.at:
        plan.at, plan.vague_time = said.at.strftime("%H:%M"), None
    elif said.vague_time and not plan.at:
        plan.vague_time = said.vague_time
    for name in ("place", "topic", "label"):
        value = getattr(said, name)
        if value:
            setattr(plan, name, value)


def save_draft(session: Session, pendamping: Pendamping, kind: str, plan: Plan) -> None:
    """Her plan waits for her "ya" as the open question (bot/messaging/questions.py)."""
    payload = {"kind": kind, "plan": asdict(plan)}
    questions.ask(session, pendamping.phone, DRAFT, payload, ttl=question_ttl())


def load_draft(session: Session, pendamping: Pendamping, now: datetime) -> tuple[str, Plan] | None:
    asked = questions.waiting(session, pendamping.phone, DRAFT, now=now)
    if asked is None:
        return None
    return asked.payload["kind"], Plan(**asked.payload["plan"])


def drop_draft(session: Session, pendamping: Pendamping) -> None:
    questions.close(session, pendamping.phone, DRAFT)


def meeting_for(
    session: Session, pendamping: Pendamping, text: str, now: datetime, *, upcoming: bool
) -> Meeting | None:
    """The meeting a command is about: of the kelompok she names (or her only/next one).

    upcoming=True: the next one not yet over (for lists, changes, cancels);
    False: the latest one that has started (for attendance).
    """
    written = groups_in(pendamping, text)
    wanted = {k.id for k in resolve_groups(pendamping, written)} if written else None
    query = select(Meeting).where(Meeting.pendamping_id == pendamping.id, Meeting.status == "scheduled")
    if upcoming:
        query = query.where(Meeting.starts_at >= now - timedelta(hours=3)).order_by(Meeting.starts_at)
    else:
        query = query.where(Meeting.starts_at <= now + timedelta(hours=1)).order_by(Meeting.starts_at.desc())
    for meeting in session.scalars(query):
        if wanted is None or wanted & {k.id for k in meeting.kelompok}:
            return meeting
    return None
