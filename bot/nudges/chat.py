"""The pendamping's side of the nudges: turn them off or on per kelompok, and see whose business grows."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot.i18n import format_day
from bot.messaging.reach import opted_out
from bot.nudges.progress import kelompok_progress
from bot.outcome import Outcome, Say
from bot.roster.groups import UnknownGroup, groups_in, her_groups, pendamping_of, resolve_groups
from bot.roster.identity import Identity, opt_out
from bot.roster.models import Contact, Kelompok, Pendamping


def _groups(pendamping: Pendamping, text: str) -> list[Kelompok]:
    written = groups_in(pendamping, text)
    return resolve_groups(pendamping, written) if written else her_groups(pendamping)


def set_nudges(session: Session, who: Identity, text: str, on: bool) -> Outcome:
    """A pendamping switches a kelompok's weekly message; a KPM who asks this stops her own."""
    pendamping = pendamping_of(session, who.phone)
    if pendamping is None:
        if who.role == "kpm" and not on:
            opt_out(session, who.phone, f"dia menulis: {text.strip()[:150]}")
            return Outcome([Say("utter_consent_stopped")])
        return Outcome([Say("utter_meeting_only_pendamping")])
    try:
        groups = _groups(pendamping, text)
    except UnknownGroup as exc:
        return Outcome([Say("utter_meeting_unknown_group", {"group": str(exc), "groups": _names(pendamping)})])
    for kelompok in groups:
        kelompok.nudges_enabled = on
    response = "utter_nudges_on" if on else "utter_nudges_off"
    return Outcome([Say(response, {"groups": ", ".join(k.name for k in groups)})])


def progress(session: Session, who: Identity, text: str, today: date) -> Outcome:
    pendamping = pendamping_of(session, who.phone)
    if pendamping is None:
        return Outcome([Say("utter_meeting_only_pendamping")])
    try:
        groups = _groups(pendamping, text)
    except UnknownGroup as exc:
        return Outcome([Say("utter_meeting_unknown_group", {"group": str(exc), "groups": _names(pendamping)})])
    says = []
    for kelompok in groups:
        members = kelompok_progress(session, kelompok, today)
        by_status: dict[str, list[str]] = {"regular": [], "sometimes": [], "stopped": [], "never": []}
        for m in members:
            label = m.name
            if m.status == "stopped" and m.last_record:
                label += f" ({format_day(m.last_record, who.language)})"
            by_status[m.status].append(label)
        rising = [m.name for m in members if m.rising]
        # Who no longer receives what we start, and why (she stopped, or messages kept failing).
        silent = [
            f"{kpm.name} ({contact.opt_out_reason or '-'})"
            for kpm in sorted(kelompok.members, key=lambda k: k.name.lower())
            if opted_out(contact := session.get(Contact, kpm.phone))
        ]
        values = {
            "group": kelompok.name,
            **{status: ", ".join(names) or "-" for status, names in by_status.items()},
            "rising": ", ".join(rising) or "-",
            "silent": "; ".join(silent) or "-",
            "nudges": "✅" if kelompok.nudges_enabled else "⏸",
        }
        says.append(Say("utter_nudges_progress", values))
    return Outcome(says)


def _names(pendamping: Pendamping) -> str:
    return ", ".join(k.name for k in her_groups(pendamping))
