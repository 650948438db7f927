"""Invitations, changes, cancellations and attendance on plain values: what the chat and the dashboard share.

Both build a Plan (the chat from her message, bot/meetings/chat.py; the dashboard from its form),
keep it as her draft, the one open question (`propose`, bot/meetings/plans.py), show her the same
read-back (`read_back`), and carry it out on her "ya" in chat or her "Kirim" on the web through one
function (`confirm`): one fan-out (notify.py, through the gate), the same keys, reminders and
templates. Attendance is recorded by `record_attendance` from either side.

    plan = service.invitation([kelompok.id], date(2026, 12, 7), time(9), "Balai RW 05", "keuangan")
    if service.in_past(plan, pendamping.tz, now): ...
    say = service.propose(session, pendamping, "invite", plan, language)   # the read-back; draft saved
    done = service.confirm(session, settings, who, True, now)              # her "ya"
    done.outcome, done.kind, done.meeting
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.i18n import format_day, gettext
from bot.meetings.models import Invitation, Meeting
from bot.meetings.notify import notify
from bot.meetings.plans import Plan, drop_draft, load_draft, save_draft
from bot.meetings.present import clock_text, local, meeting_values
from bot.messaging.reach import Reach
from bot.outcome import Outcome, Say
from bot.replies import MEETING_REASON
from bot.roster.groups import pendamping_of
from bot.roster.identity import Identity
from bot.roster.models import Kelompok, Kpm, Pendamping

# What a read-back may ask her to confirm (an "attendance" draft is the chat's numbered list).
KINDS = ("invite", "change", "cancel")
ANSWERS = ("yes", "no", "pending")


# ---------------------------------------------------------------- plans


def invitation(
    kelompok_ids: list[int], day: date, at: time, place: str, topic: str | None = None, label: str | None = None
) -> Plan:
    """An invitation from plain values (the dashboard's form; the chat merges hers field by field)."""
    return Plan(
        kelompok_ids=list(dict.fromkeys(kelompok_ids)),
        day=day.isoformat(),
        at=at.strftime("%H:%M"),
        place=place.strip()[:200] or None,
        topic=(topic or "").strip()[:300] or None,
        label=(label or "").strip()[:60] or None,
    )


def change(
    meeting: Meeting,
    day: date | None = None,
    at: time | None = None,
    place: str | None = None,
    topic: str | None = None,
) -> Plan:
    """The meeting as it would be after a change; what is not given stays as it is."""
    was = local(meeting)
    return Plan(
        kelompok_ids=[k.id for k in meeting.kelompok],
        day=(day or was.date()).isoformat(),
        at=(at or was.time()).strftime("%H:%M"),
        place=place or meeting.place,
        topic=topic or meeting.topic,
        label=meeting.label,
        meeting_id=meeting.id,
    )


def cancellation(meeting: Meeting) -> Plan:
    return Plan(meeting_id=meeting.id)


def in_past(plan: Plan, tz: str, now: datetime) -> bool:
    return bool(plan.day and plan.at) and plan.starts_at(tz) <= now


def changes_nothing(meeting: Meeting, plan: Plan) -> bool:
    was = local(meeting)
    return (plan.day, plan.at, plan.place, plan.topic) == (
        was.date().isoformat(),
        was.strftime("%H:%M"),
        meeting.place,
        meeting.topic,
    )


# ---------------------------------------------------------------- read-back


def _not_declined(meeting: Meeting) -> list[Invitation]:
    return [i for i in meeting.invitations if i.status != "no"]


def read_back(session: Session, pendamping: Pendamping, kind: str, plan: Plan, language: str) -> Say | None:
    """What she reads before anything is sent (None: nothing to read back, e.g. the meeting is gone)."""
    if kind == "invite":
        groups = [k for k in (session.get(Kelompok, i) for i in plan.kelompok_ids) if k is not None]
        members = {m.phone for k in groups for m in k.members}
        at = plan.starts_at(pendamping.tz).astimezone(ZoneInfo(pendamping.tz))
        values = {
            "groups": ", ".join(f"{k.name} ({len(k.members)})" for k in groups),
            "count": len(members),
            "day": format_day(at.date(), language),
            "time": clock_text(at, pendamping.tz, language),
            "place": plan.place,
            "topic": plan.topic or "-",
            "label": plan.label or "-",
        }
        return Say("utter_meeting_read_back", values)
    meeting = session.get(Meeting, plan.meeting_id) if plan.meeting_id else None
    if meeting is None:
        return None
    if kind == "change":
        new_at = plan.starts_at(meeting.tz).astimezone(ZoneInfo(meeting.tz))
        values = {
            **meeting_values(meeting, language),
            "new_day": format_day(new_at.date(), language),
            "new_time": clock_text(new_at, meeting.tz, language),
            "new_place": plan.place,
            "count": len(_not_declined(meeting)),
        }
        return Say("utter_meeting_change_read_back", values)
    if kind == "cancel":
        values = {**meeting_values(meeting, language), "count": len(meeting.invitations)}
        return Say("utter_meeting_cancel_read_back", values)
    return None


def propose(session: Session, pendamping: Pendamping, kind: str, plan: Plan, language: str) -> Say | None:
    """Keep the plan as her draft (it replaces whatever we asked her before) and return its read-back."""
    if kind not in KINDS:
        raise ValueError(f"unknown meeting plan {kind!r}")
    save_draft(session, pendamping, kind, plan)
    return read_back(session, pendamping, kind, plan, language)


# ---------------------------------------------------------------- her "ya"


@dataclass
class Confirmed:
    """What her answer to a read-back did: what to tell her, and what was carried out on which meeting."""

    outcome: Outcome
    kind: str | None = None  # "invite", "change" or "cancel" when carried out; None when nothing was
    meeting: Meeting | None = None


def confirm(session: Session, settings: Settings, who: Identity, yes: bool, now: datetime) -> Confirmed:
    """Her "ya" (chat) or "Kirim" (dashboard) carries out the draft that was read back; "tidak" drops it."""
    pendamping = pendamping_of(session, who.phone)
    draft = load_draft(session, pendamping, now) if pendamping else None
    if pendamping is None or draft is None:
        return Confirmed(Outcome([Say("utter_nothing_pending")]))
    kind, plan = draft
    drop_draft(session, pendamping)
    if not yes:
        return Confirmed(Outcome([Say("utter_meeting_plan_dropped")]))
    if plan.missing() and kind in ("invite", "change"):
        return Confirmed(Outcome([Say("utter_meeting_plan_dropped")]))
    if kind == "invite":
        meeting = _send_invitations(session, pendamping, plan, now)
        reach = notify(session, settings, meeting, "invite", now)
        meeting.report_version = meeting.version
        groups = meeting.kelompok
        values = {**reach_values(session, reach, who), "title": meeting_values(meeting, who.language)["title"]}
        values["group"] = groups[0].name if len(groups) == 1 else ""
        return Confirmed(Outcome([Say("utter_meeting_invitations_queued", values)]), kind, meeting)
    meeting = session.get(Meeting, plan.meeting_id) if plan.meeting_id else None
    if meeting is None or meeting.status != "scheduled":
        return Confirmed(Outcome([Say("utter_meeting_none", {"group": "-"})]))
    if kind == "change":
        _apply_change(session, meeting, plan)
        reach = notify(session, settings, meeting, "change", now)
        meeting.report_version = meeting.version
        values = {**reach_values(session, reach, who), **meeting_values(meeting, who.language)}
        return Confirmed(Outcome([Say("utter_meeting_changed_done", values)]), kind, meeting)
    if kind == "cancel":
        meeting.status, meeting.version = "cancelled", meeting.version + 1
        session.flush()
        reach = notify(session, settings, meeting, "cancel", now)
        said = Say("utter_meeting_cancelled_done", reach_values(session, reach, who))
        return Confirmed(Outcome([said]), kind, meeting)
    return Confirmed(Outcome([Say("utter_nothing_pending")]))


def _send_invitations(session: Session, pendamping: Pendamping, plan: Plan, now: datetime) -> Meeting:
    groups = [k for k in (session.get(Kelompok, i) for i in plan.kelompok_ids) if k is not None]
    meeting = Meeting(
        pendamping_id=pendamping.id,
        starts_at=plan.starts_at(pendamping.tz),
        tz=pendamping.tz,
        place=plan.place or "-",
        topic=plan.topic,
        label=plan.label,
        kelompok=groups,
    )
    session.add(meeting)
    session.flush()
    # A KPM in two of the named kelompok is invited once (one row per meeting and KPM).
    seen: set[int] = set()
    for kpm in (m for k in groups for m in sorted(k.members, key=lambda m: m.name.lower())):
        if kpm.id not in seen:
            seen.add(kpm.id)
            session.add(Invitation(meeting_id=meeting.id, kpm_id=kpm.id, invited_at=now))
    session.flush()
    session.refresh(meeting)
    return meeting


def _apply_change(session: Session, meeting: Meeting, plan: Plan) -> None:
    meeting.starts_at = plan.starts_at(meeting.tz)
    meeting.place, meeting.topic = plan.place or meeting.place, plan.topic
    meeting.version += 1
    # A new time is a new question: everyone answers again, reminders start over.
    for invitation in meeting.invitations:
        invitation.status, invitation.reason, invitation.reminded = "pending", None, ""
    session.flush()


def reach_values(session: Session, reach: Reach, who: Identity) -> dict[str, object]:
    """How a fan-out went, for her confirmation: how many now, deferred, and who cannot be reached and why."""
    lines = []
    for phone, reason in reach.unreachable.items():
        kpm = session.scalar(select(Kpm).where(Kpm.phone == phone))
        name = kpm.name if kpm else phone[-4:]
        lines.append(f"• {name}: {gettext(MEETING_REASON.get(reason, reason), who.language)}")
    unreachable = ""
    if lines:
        unreachable = "\n" + gettext(MEETING_REASON["header"], who.language) + "\n" + "\n".join(lines)
    warning = "\n" + gettext(MEETING_REASON["limit_warning"], who.language) if reach.limit_warning else ""
    return {
        "count": reach.queued + reach.already,
        "now": reach.free_text + reach.template,
        "deferred": reach.deferred,
        "unreachable": unreachable + warning,
    }


# ---------------------------------------------------------------- answers and attendance


def answers(meeting: Meeting) -> dict[str, list[Invitation]]:
    """The invitations by answer: yes (coming), no (with her reason), pending (not yet answered)."""
    lists: dict[str, list[Invitation]] = {status: [] for status in ANSWERS}
    for invitation in meeting.invitations:
        lists.setdefault(invitation.status, []).append(invitation)
    return lists


def record_attendance(meeting: Meeting, came: Mapping[int, bool], now: datetime, language: str) -> Say:
    """Who came (by KPM id; members not named stay as they were); a meeting that has started is done."""
    members = meeting.invitations
    for invitation in members:
        if invitation.kpm_id in came:
            invitation.attended, invitation.attendance_at = bool(came[invitation.kpm_id]), now
    if meeting.starts_at <= now:
        meeting.status = "done"
    absent = [inv.kpm.name for inv in members if inv.attended is False]
    values = {
        **meeting_values(meeting, language),
        "present": len(members) - len(absent),
        "absent": len(absent),
        "names": ", ".join(absent) or "-",
    }
    return Say("utter_meeting_attendance_recorded", values)
