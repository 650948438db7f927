"""What the assistant answers a pendamping about meetings, and a KPM about her invitation.

Plain values in (who, what she wrote, now), an Outcome out; the Rasa actions only
pass them along. Times are read in the pendamping's zone and stored in UTC.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import utcnow
from bot.meetings import service
from bot.meetings.models import Invitation, Meeting
from bot.meetings.plans import Plan, drop_draft, load_draft, meeting_for, merge, save_draft
from bot.meetings.present import meeting_values
from bot.messaging.models import OutboxMessage
from bot.outcome import Outcome, Say
from bot.roster.groups import UnknownGroup, groups_in, her_groups, pendamping_of, resolve_groups
from bot.roster.identity import Identity
from bot.roster.models import Kpm, Pendamping
from bot.understanding.meetings import read_attendance, read_change, read_groups, read_meeting, read_rsvp, read_time

POSTPONED = re.compile(r"\b(diundur|dimundurkan|mundur|undur|ditunda)\b")


def _only_pendamping(who: Identity) -> Outcome:
    return Outcome([Say("utter_meeting_only_pendamping")])


def _local_today(pendamping: Pendamping, now: datetime) -> date:
    return now.astimezone(ZoneInfo(pendamping.tz)).date()


def _groups_text(pendamping: Pendamping) -> str:
    return ", ".join(f"{i}. {k.name}" for i, k in enumerate(her_groups(pendamping), 1))


# ---------------------------------------------------------------- invitations


def start_invite(session: Session, who: Identity, text: str, now: datetime) -> tuple[Outcome, bool]:
    """Read her invitation; (what to say, whether the plan is complete and read back)."""
    pendamping = pendamping_of(session, who.phone)
    if pendamping is None:
        return _only_pendamping(who), True
    plan = Plan()
    said = read_meeting(text, _local_today(pendamping, now))
    try:
        merge(plan, pendamping, said, text)
    except UnknownGroup as exc:
        save_draft(session, pendamping, "invite", plan)
        return Outcome([_unknown_group(pendamping, str(exc))]), False
    if not plan.kelompok_ids and len(pendamping.kelompok) == 1:
        plan.kelompok_ids = [pendamping.kelompok[0].id]
    return _next_step(session, pendamping, plan, now, warn_weekday=said.weekday_mismatch)


def continue_invite(session: Session, who: Identity, text: str, now: datetime) -> tuple[Outcome, bool]:
    """Her answer to what the invitation still lacked."""
    pendamping = pendamping_of(session, who.phone)
    draft = load_draft(session, pendamping, now) if pendamping else None
    if pendamping is None or draft is None or draft[0] != "invite":
        return Outcome([]), True
    plan = draft[1]
    said = read_meeting(text, _local_today(pendamping, now))
    missing = plan.missing()
    # A bare answer ("Balai RW 05", "Melati") fills the field that was asked for.
    if missing == "place" and not said.place and text.strip():
        said = replace(said, place=text.strip()[:200])
    if missing == "groups" and not said.groups and text.strip():
        said = replace(said, groups=read_groups("kelompok " + text) or (text.strip().lower(),))
    if missing == "at" and not said.at:
        at, vague = read_time("jam " + text)
        said = replace(said, at=at, vague_time=vague or said.vague_time)
    try:
        merge(plan, pendamping, said, text)
    except UnknownGroup as exc:
        return Outcome([_unknown_group(pendamping, str(exc))]), False
    return _next_step(session, pendamping, plan, now, warn_weekday=said.weekday_mismatch)


def _unknown_group(pendamping: Pendamping, name: str) -> Say:
    return Say("utter_meeting_unknown_group", {"group": name, "groups": _groups_text(pendamping)})


def _next_step(
    session: Session, pendamping: Pendamping, plan: Plan, now: datetime, warn_weekday: bool = False
) -> tuple[Outcome, bool]:
    says: list[Say] = []
    if warn_weekday and plan.day:
        plan.day = None
        says.append(Say("utter_meeting_weekday_mismatch"))
    if plan.day and plan.at and plan.starts_at(pendamping.tz) <= now:
        plan.at = None
        says.append(Say("utter_meeting_in_past"))
    save_draft(session, pendamping, "invite", plan)
    missing = plan.missing()
    if missing:
        return Outcome(says), False
    return Outcome(says), True


def ask_missing(session: Session, who: Identity, now: datetime) -> Outcome:
    """The question for the first thing the invitation still lacks."""
    pendamping = pendamping_of(session, who.phone)
    draft = load_draft(session, pendamping, now) if pendamping else None
    if pendamping is None or draft is None:
        return Outcome([])
    plan = draft[1]
    missing = plan.missing()
    if missing == "groups":
        return Outcome([Say("utter_meeting_ask_group", {"groups": _groups_text(pendamping)})])
    if missing == "at" and plan.vague_time:
        return Outcome([Say("utter_meeting_ask_exact_time", {"vague": plan.vague_time})])
    return Outcome([Say(f"utter_meeting_ask_{missing}")]) if missing else Outcome([])


def read_back(session: Session, who: Identity, now: datetime) -> Outcome:
    """The complete plan, as she will see it confirmed, and the question: send?"""
    pendamping = pendamping_of(session, who.phone)
    draft = load_draft(session, pendamping, now) if pendamping else None
    if pendamping is None or draft is None or draft[1].missing():
        return Outcome([])
    kind, plan = draft
    if kind == "invite":
        say = service.read_back(session, pendamping, kind, plan, who.language)
        return Outcome([say] if say else [])
    return Outcome([])


def cancel_plan(session: Session, who: Identity) -> Outcome:
    pendamping = pendamping_of(session, who.phone)
    if pendamping is not None:
        drop_draft(session, pendamping)
    return Outcome([Say("utter_meeting_plan_dropped")])


def has_draft(session: Session, who: Identity, now: datetime) -> bool:
    pendamping = pendamping_of(session, who.phone)
    return pendamping is not None and load_draft(session, pendamping, now) is not None


def answer_draft(session: Session, settings: Settings, who: Identity, yes: bool, now: datetime) -> Outcome:
    """Her "ya" carries out what was read back; "tidak" drops it (the dashboard's "Kirim" does the same)."""
    return service.confirm(session, settings, who, yes, now).outcome


# ---------------------------------------------------------------- changes


def start_change(session: Session, who: Identity, text: str, now: datetime) -> Outcome:
    found = _upcoming(session, who, text, now)
    if isinstance(found, Outcome):
        return found
    pendamping, meeting = found
    said = read_change(text, _local_today(pendamping, now))
    at = meeting.starts_at.astimezone(ZoneInfo(meeting.tz))
    if said.day and said.day < at.date() and POSTPONED.search(text.lower()):
        # "diundur ke Selasa" means the Tuesday after the planned day, not the next one from today.
        weeks = (at.date() - said.day).days // 7 + 1
        said = replace(said, day=said.day + timedelta(weeks=weeks))
    plan = service.change(meeting, said.day, said.at, said.place, said.topic)
    if not (said.day or said.at or said.place or said.topic):
        return Outcome([Say("utter_meeting_change_how", meeting_values(meeting, who.language))])
    if service.in_past(plan, meeting.tz, now):
        return Outcome([Say("utter_meeting_in_past")])
    say = service.propose(session, pendamping, "change", plan, who.language)
    return Outcome([say] if say else [])


def start_cancel(session: Session, who: Identity, text: str, now: datetime) -> Outcome:
    found = _upcoming(session, who, text, now)
    if isinstance(found, Outcome):
        return found
    pendamping, meeting = found
    say = service.propose(session, pendamping, "cancel", service.cancellation(meeting), who.language)
    return Outcome([say] if say else [])


def _upcoming(session: Session, who: Identity, text: str, now: datetime) -> Outcome | tuple[Pendamping, Meeting]:
    """Her next meeting of the kelompok she names, or the answer that says why there is none."""
    pendamping = pendamping_of(session, who.phone)
    if pendamping is None:
        return _only_pendamping(who)
    try:
        meeting = meeting_for(session, pendamping, text, now, upcoming=True)
    except UnknownGroup as exc:
        return Outcome([_unknown_group(pendamping, str(exc))])
    if meeting is None:
        return Outcome([Say("utter_meeting_none", {"group": _named(pendamping, text)})])
    return pendamping, meeting


def _named(pendamping: Pendamping, text: str) -> str:
    """The kelompok she named, as the roster spells them."""
    written = groups_in(pendamping, text)
    try:
        return ", ".join(k.name for k in resolve_groups(pendamping, written)) if written else "-"
    except UnknownGroup:
        return ", ".join(written)


# ---------------------------------------------------------------- who is coming


def rsvp_list(session: Session, who: Identity, text: str, now: datetime) -> Outcome:
    found = _upcoming(session, who, text, now)
    if isinstance(found, Outcome):
        return found
    _, meeting = found
    values: dict[str, object] = dict(meeting_values(meeting, who.language))
    for status, invitations in service.answers(meeting).items():
        names = [f"{i.kpm.name} ({i.reason})" if i.status == "no" and i.reason else i.kpm.name for i in invitations]
        values[f"n_{status}"] = len(names)
        values[status] = ", ".join(names) or "-"
    return Outcome([Say("utter_meeting_rsvp_list", values)])


# ---------------------------------------------------------------- attendance


def attendance(session: Session, who: Identity, text: str, now: datetime) -> Outcome:
    """'absen Melati' sends the numbered list; 'yang tidak datang 3 dan 5' records it."""
    pendamping = pendamping_of(session, who.phone)
    if pendamping is None:
        return _only_pendamping(who)
    said = read_attendance(text)
    try:
        meeting = meeting_for(session, pendamping, text, now, upcoming=False)
        if meeting is None and said is not None and not said.groups:
            meeting = _meeting_of_last_list(session, pendamping, now)
    except UnknownGroup as exc:
        return Outcome([_unknown_group(pendamping, str(exc))])
    if meeting is None:
        return Outcome([Say("utter_meeting_none_past", {"group": _named(pendamping, text)})])
    members = meeting.invitations
    if said is None:
        save_draft(session, pendamping, "attendance", Plan(meeting_id=meeting.id))
        lines = "\n".join(f"{i}. {inv.kpm.name}" for i, inv in enumerate(members, 1))
        group = meeting.kelompok[0].name if meeting.kelompok else ""
        values = {**meeting_values(meeting, who.language), "lines": lines, "group": group}
        return Outcome([Say("utter_meeting_member_list", values)])
    numbers = said.absent or said.present
    out_of_range = [n for n in numbers if not 1 <= n <= len(members)]
    if out_of_range:
        return Outcome(
            [Say("utter_meeting_bad_numbers", {"numbers": ", ".join(map(str, out_of_range)), "last": len(members)})]
        )
    came: dict[int, bool] = {}
    for i, invitation in enumerate(members, 1):
        if said.everyone:
            came[invitation.kpm_id] = True
        elif said.present:
            came[invitation.kpm_id] = i in said.present
        else:
            came[invitation.kpm_id] = i not in said.absent
    return Outcome([service.record_attendance(meeting, came, now, who.language)])


def _meeting_of_last_list(session: Session, pendamping: Pendamping, now: datetime) -> Meeting | None:
    """A bare 'yang tidak datang 3 dan 5' answers the member list we sent last."""
    draft = load_draft(session, pendamping, now)
    if draft and draft[0] == "attendance" and draft[1].meeting_id:
        return session.get(Meeting, draft[1].meeting_id)
    return None


# ---------------------------------------------------------------- a KPM answers


def open_invitation(session: Session, phone: str, now: datetime) -> Invitation | None:
    """Her invitation that an answer now would be for: the next meeting, unanswered first."""
    rows = session.scalars(
        select(Invitation)
        .join(Meeting)
        .join(Kpm)
        .where(Kpm.phone == phone, Meeting.status == "scheduled", Meeting.starts_at > now - timedelta(hours=1))
        .order_by(Meeting.starts_at)
    ).all()
    return next((r for r in rows if r.status == "pending"), rows[0] if rows else None)


def last_notice_at(session: Session, invitation: Invitation) -> datetime:
    """When we last wrote to her about this meeting (invitation, change or reminder)."""
    latest = session.scalar(
        select(func.max(OutboxMessage.created_at)).where(
            OutboxMessage.meeting_id == invitation.meeting_id,
            OutboxMessage.phone == invitation.kpm.phone,
        )
    )
    return max(filter(None, [latest, invitation.invited_at]))


def answer_invitation(session: Session, who: Identity, text: str, now: datetime, coming: bool | None = None) -> Outcome:
    invitation = open_invitation(session, who.phone, now)
    if invitation is None:
        return Outcome([Say("utter_meeting_no_invitation")])
    said = read_rsvp(text)
    coming = said.coming if said.coming is not None else coming
    values = meeting_values(invitation.meeting, who.language)
    if coming is None:
        return Outcome([Say("utter_meeting_rsvp_unclear", values)])
    invitation.status = "yes" if coming else "no"
    invitation.reason = None if coming else (said.reason or None)
    invitation.reply_text, invitation.replied_at = text[:500], utcnow()
    if coming:
        return Outcome([Say("utter_meeting_rsvp_yes", values)])
    return Outcome([Say("utter_meeting_rsvp_no", values)])
