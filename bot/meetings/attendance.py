"""Monthly attendance per KPM: what the pendamping reports and the API and CLI export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.meetings.models import Invitation, Meeting
from bot.roster.models import Kelompok, Kpm

HEADER = ("bulan", "nama", "no_hp", "kelompok", "diundang", "jawab_hadir", "jawab_tidak", "hadir", "tidak_hadir")


def month_of(text: str) -> date:
    """'2026-12' -> 2026-12-01; ValueError otherwise."""
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def monthly(session: Session, month: date, kelompok: str | None = None) -> list[dict[str, object]]:
    """One row per KPM invited that month (by the meeting's local date), cancelled meetings left out."""
    query = (
        select(Invitation, Meeting, Kpm, Kelompok.name)
        .join(Meeting, Invitation.meeting_id == Meeting.id)
        .join(Kpm, Invitation.kpm_id == Kpm.id)
        .join(Kelompok, Kpm.kelompok_id == Kelompok.id)
        .where(Meeting.status != "cancelled")
        .order_by(Kelompok.name, Kpm.name)
    )
    if kelompok:
        query = query.where(Kelompok.name == kelompok)
    rows: dict[int, dict[str, object]] = {}
    for invitation, meeting, kpm, group in session.execute(query):
        local = meeting.starts_at.astimezone(ZoneInfo(meeting.tz)).date()
        if (local.year, local.month) != (month.year, month.month):
            continue
        row = rows.setdefault(
            kpm.id,
            {"bulan": month.strftime("%Y-%m"), "nama": kpm.name, "no_hp": kpm.phone, "kelompok": group}
            | dict.fromkeys(HEADER[4:], 0),
        )
        row["diundang"] = int(row["diundang"]) + 1  # type: ignore[call-overload]
        counts = {
            "jawab_hadir": invitation.status == "yes",
            "jawab_tidak": invitation.status == "no",
            "hadir": invitation.attended is True,
            "tidak_hadir": invitation.attended is False,
        }
        for name, hit in counts.items():
            row[name] = int(row[name]) + int(hit)  # type: ignore[call-overload]
    return list(rows.values())


def as_rows(records: list[dict[str, object]]) -> Iterator[tuple[object, ...]]:
    for record in records:
        yield tuple(record[name] for name in HEADER)
