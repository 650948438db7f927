"""What a pendamping asks for, read back before anything is sent.

An invitation, a change or a cancellation is first a draft (one per pendamping,
kept in the database so it survives restarts); her "ya" carries it out.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import question_ttl
from bot.db import utcnow
from bot.meetings.models import Meeting, MeetingDraft
from bot.roster.models import Kelompok, Pendamping
from bot.understanding.meetings import MeetingText, read_groups

# A read-back older than this is not what a "ya" today means.
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


def pendamping_of(session: Session, phone: str) -> Pendamping | None:
    return session.scalar(select(Pendamping).where(Pendamping.phone == phone))


def her_groups(pendamping: Pendamping) -> list[Kelompok]:
    """Her kelompok in the order she sees them numbered (by name)."""
    return sorted(pendamping.kelompok, key=lambda k: k.name.lower())


class UnknownGroup(LookupError):
    """She named a kelompok that is not hers."""


def resolve_groups(pendamping: Pendamping, written: tuple[str, ...]) -> list[Kelompok]:
    """'melati', '3' (her third), '*' (all of hers); a kelompok of another pendamping is not found."""
    groups = her_groups(pendamping)
    if "*" in written:
        return groups
    found: list[Kelompok] = []
    for name in written:
        match = next((k for k in groups if k.name.lower() == name.lower()), None)
        if match is None and name.isdigit():
            number = int(name)
            match = next((k for k in groups if k.name.lower() == f"kelompok {number}"), None)
            if match is None and 1 <= number <= len(groups):
                match = groups[number - 1]
        if match is None:
            raise UnknownGroup(name)
        if match not in found:
            found.append(match)
    return found


def named_in(pendamping: Pendamping, text: str) -> tuple[str, ...]:
    """Her kelompok whose names appear in the text as written ("K01", "RW 05"): the roster knows them."""
    low = f" {' '.join(re.split(r'[^0-9a-z]+', text.lower()))} "
    return tuple(
        k.name.lower()
        for k in her_groups(pendamping)
        if f" {' '.join(re.split(r'[^0-9a-z]+', k.name.lower()))} " in low
    )


def groups_in(pendamping: Pendamping, text: str) -> tuple[str, ...]:
    """The kelompok a command names: her own kelompok's names wherever they stand ("di Melati",
    "klp mawar", "Melati" alone) first, then what the text calls a kelompok ("kelompok 3")."""
    return named_in(pendamping, text) or read_groups(text)


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
    draft = session.get(MeetingDraft, pendamping.id)
    if draft is None:
        draft = MeetingDraft(pendamping_id=pendamping.id, kind=kind, payload="{}")
        session.add(draft)
    draft.kind, draft.payload, draft.created_at = kind, json.dumps(asdict(plan)), utcnow()
    session.flush()


def load_draft(session: Session, pendamping: Pendamping, now: datetime) -> tuple[str, Plan] | None:
    draft = session.get(MeetingDraft, pendamping.id)
    if draft is None:
        return None
    if now - draft.created_at > question_ttl():
        session.delete(draft)
        return None
    return draft.kind, Plan(**json.loads(draft.payload))


def drop_draft(session: Session, pendamping: Pendamping) -> None:
    draft = session.get(MeetingDraft, pendamping.id)
    if draft is not None:
        session.delete(draft)


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
