"""Outbox keys, one function per purpose, all in this file.

A key is the idempotency guarantee: the same purpose for the same person and
subject always builds the same key, and the outbox's unique index turns a second
try into nothing. The strings keep the format rows already stored carry, so a
restart or an upgrade never sends anything twice. What a key is about (the
meeting) also goes into its own column: rows are found by column, never by
reading the key back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Key:
    text: str
    meeting_id: int | None = None

    def columns(self) -> dict[str, int | None]:
        """The outbox row's subject columns."""
        return {"meeting_id": self.meeting_id}


# ---------------------------------------------------------------- meetings

MEETING_KINDS = ("invite", "change", "cancel", "remind")


def meeting_notice(meeting_id: int, version: int, kind: str, kpm_id: int, reminder: str | None = None) -> Key:
    """Changes and reminders belong to one version of the meeting; the invitation and the cancellation to all."""
    if kind not in MEETING_KINDS:
        raise ValueError(f"unknown meeting notice {kind!r}")
    if kind == "remind":
        if not reminder:
            raise ValueError("a reminder key needs the reminder's name")
        return Key(f"meeting:{meeting_id}:v{version}:remind:{reminder}:{kpm_id}", meeting_id)
    if kind == "change":
        return Key(f"meeting:{meeting_id}:v{version}:change:{kpm_id}", meeting_id)
    return Key(f"meeting:{meeting_id}:{kind}:{kpm_id}", meeting_id)


def meeting_report(meeting_id: int, version: int) -> Key:
    """The pendamping's report on one round of notices: once per meeting version."""
    return Key(f"meeting:{meeting_id}:v{version}:report", meeting_id)


# ---------------------------------------------------------------- weekly


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_nudge(kpm_id: int, day: date) -> Key:
    """One nudge per KPM per ISO week (of her local day)."""
    return Key(f"nudge:{kpm_id}:{_iso_week(day)}")


def weekly_chart(kpm_id: int, day: date) -> Key:
    """One chart per KPM per ISO week (of the local day)."""
    return Key(f"weekly-chart:{kpm_id}:{_iso_week(day)}")


# ---------------------------------------------------------------- notes to the pendamping


def pena_interest(kpm_id: int, day: date) -> Key:
    """Her pendamping hears of a KPM's PENA interest once per KPM per (local) day."""
    return Key(f"pena-interest:{kpm_id}:{day.isoformat()}")


# ---------------------------------------------------------------- what she asked for


def dashboard_link(link_id: int) -> Key:
    """The sign-in link she asked for: one message per link (bot/signin/links.py)."""
    return Key(f"dashboard-link:{link_id}")


# ---------------------------------------------------------------- replies (not started by us)


def reply(message_sid: str) -> Key:
    """The answer to her message, sent later through the outbox."""
    return Key(f"reply:{message_sid}")


def part(key: Key | str, index: int) -> Key:
    """One part of a long message: each part is its own row, after the one before."""
    base = key if isinstance(key, Key) else Key(key)
    return Key(f"{base.text}:{index}", base.meeting_id)
