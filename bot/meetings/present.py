"""How a meeting reads to one person: her language, the pendamping's zone (WIB, WITA, WIT)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_time

from bot.i18n import N_, format_day, gettext, normalize_locale
from bot.meetings.models import Meeting

ZONE_LABEL = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DEFAULT_LABEL = N_("pertemuan")
NO_TOPIC = N_("(belum ditentukan)")


def local(meeting: Meeting) -> datetime:
    return meeting.starts_at.astimezone(ZoneInfo(meeting.tz))


def clock_text(when: datetime, tz: str, language: str) -> str:
    """'09.00 WIB' / '9:00 AM WIB': the time as her locale writes it, with the zone people know."""
    shown = format_time(when, "short", locale=normalize_locale(language))
    return f"{shown} {ZONE_LABEL.get(tz, tz)}"


def meeting_values(meeting: Meeting, language: str) -> dict[str, str]:
    """The fields every meeting text uses, formatted for one reader."""
    at = local(meeting)
    label = meeting.label or gettext(DEFAULT_LABEL, language)
    day, clock = format_day(at.date(), language), clock_text(at, meeting.tz, language)
    return {
        "label": label,
        "groups": ", ".join(k.name for k in meeting.kelompok),
        "day": day,
        "time": clock,
        "when": f"{day}, {clock}",
        "place": meeting.place,
        "topic": meeting.topic or gettext(NO_TOPIC, language),
        "title": f"{label} {', '.join(k.name for k in meeting.kelompok)} ({day})",
    }
