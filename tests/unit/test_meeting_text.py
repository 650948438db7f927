"""The meeting reader (bot/understanding/meetings.py) against a table of chat messages.

Also properties of its days and answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from bot.understanding.dates import WEEKDAYS
from bot.understanding.meetings import (
    AttendanceText,
    MeetingText,
    Rsvp,
    read_attendance,
    read_change,
    read_future_day,
    read_groups,
    read_meeting,
    read_rsvp,
    read_time,
)

TODAY = date(2026, 11, 28)  # a Saturday
CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "meeting_cases.yaml").read_text(encoding="utf-8")
)


def _hhmm(at: time | None) -> str | None:
    return at.strftime("%H:%M") if at else None


def _meeting_fields(said: MeetingText) -> dict[str, Any]:
    return {
        "groups": list(said.groups),
        "day": said.day,
        "at": _hhmm(said.at),
        "vague": said.vague_time,
        "place": said.place,
        "topic": said.topic,
        "label": said.label,
        "mismatch": said.weekday_mismatch,
    }


def _expected_meeting(case: dict[str, Any]) -> dict[str, Any]:
    return {
        "groups": [str(g) for g in case.get("groups", [])],
        "day": case.get("day"),
        "at": case.get("at"),
        "vague": case.get("vague"),
        "place": case.get("place"),
        "topic": case.get("topic"),
        "label": case.get("label"),
        "mismatch": case.get("mismatch", False),
    }


def _attendance_fields(said: AttendanceText | None) -> dict[str, Any] | None:
    if said is None:
        return None
    return {
        "absent": list(said.absent),
        "present": list(said.present),
        "everyone": said.everyone,
        "groups": list(said.groups),
    }


def _expected_attendance(case: dict[str, Any]) -> dict[str, Any] | None:
    if case.get("none"):
        return None
    return {
        "absent": case.get("absent", []),
        "present": case.get("present", []),
        "everyone": case.get("everyone", False),
        "groups": [str(g) for g in case.get("groups", [])],
    }


def _check(case: dict[str, Any]) -> None:
    fn, text = case["fn"], case["text"]
    if fn == "meeting":
        assert _meeting_fields(read_meeting(text, TODAY)) == _expected_meeting(case)
    elif fn == "change":
        assert _meeting_fields(read_change(text, TODAY)) == _expected_meeting(case)
    elif fn == "groups":
        assert list(read_groups(text)) == [str(g) for g in case["groups"]]
    elif fn == "time":
        at, vague = read_time(text)
        assert (_hhmm(at), vague) == (case.get("at"), case.get("vague"))
    elif fn == "day":
        assert read_future_day(text, TODAY) == (case.get("day"), case.get("mismatch", False))
    elif fn == "attendance":
        assert _attendance_fields(read_attendance(text)) == _expected_attendance(case)
    elif fn == "rsvp":
        assert read_rsvp(text) == Rsvp(case.get("coming"), case.get("reason"))
    else:
        raise AssertionError(f"unknown fn {fn!r}")


@pytest.mark.parametrize("case", CASES, ids=[f"{c['fn']}: {c['text'][:50]}" for c in CASES])
def test_message_table(case: dict[str, Any]) -> None:
    _check(case)


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 90
    assert {c["fn"] for c in CASES} == {"meeting", "change", "groups", "time", "day", "attendance", "rsvp"}


def test_results_are_frozen() -> None:
    said = read_meeting("undang kelompok Melati besok jam 9 di balai", TODAY)
    with pytest.raises(AttributeError):
        said.place = "aula"  # type: ignore[misc]


def test_meeting_groups_and_read_groups_give_the_table_s_kelompok() -> None:
    """Both readers against the kelompok written in the table for every invitation, not against each other."""
    invitations = [c for c in CASES if c["fn"] == "meeting"]
    assert len(invitations) >= 50
    for case in invitations:
        expected = tuple(str(g) for g in case["groups"])
        assert read_groups(case["text"]) == expected, case["text"]
        assert read_meeting(case["text"], TODAY).groups == expected, case["text"]
    # Spot checks written out in full: a number, everyone, two names in order.
    assert read_groups("undang klp 2 tgl 20 jam 10 di rumah bu Kades") == ("2",)
    assert read_groups("undang semua kel rabu jam 10 di kantor desa") == ("*",)
    assert read_groups("undang kelompok Melati & Mawar arisan senin jam 4 sore") == ("melati", "mawar")


# ---------------------------------------------------------------- properties

_VOCABULARY = [
    *WEEKDAYS,
    "besok",
    "bsk",
    "lusa",
    "isukan",
    "hari",
    "ini",
    "minggu",
    "depan",
    "tgl",
    "tanggal",
    "jam",
    "pukul",
    "setengah",
    "pagi",
    "siang",
    "sore",
    "malam",
    "ba'da",
    "dzuhur",
    "des",
    "desember",
    "januari",
    "feb",
    "di",
    "materi",
    "kelompok",
    "melati",
    ",",
    "/",
    ".",
    ":",
    "tidak",
    "hadir",
]
_MESSAGES = st.lists(
    st.one_of(
        st.sampled_from(_VOCABULARY),
        st.integers(min_value=0, max_value=40).map(str),
        st.builds(lambda d, m: f"{d}/{m}", st.integers(0, 40), st.integers(0, 14)),
        st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 40), st.integers(0, 14), st.integers(0, 2100)),
        st.builds(lambda h, m: f"{h}.{m:02d}", st.integers(0, 30), st.integers(0, 70)),
    ),
    max_size=8,
).map(" ".join)
_DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31))


@given(text=st.one_of(_MESSAGES, st.text(max_size=80)), today=_DAYS)
def test_a_meeting_day_is_never_in_the_past(text: str, today: date) -> None:
    day, mismatch = read_future_day(text, today)
    assert day is None or day >= today
    assert not (mismatch and day is None)
    said = read_meeting(text, today)
    assert said.day is None or said.day >= today
    assert not (said.weekday_mismatch and said.day is None)


# The day each phrase names, worked out here by walking the calendar from today, not by the reader.
_WEEKDAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")  # date.weekday() order
_MONTH_NAMES = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
                "november", "desember")  # fmt: skip
_RELATIVE_OFFSETS = {"hari ini": 0, "besok": 1, "lusa": 2}


def _first_day(today: date, wanted: Callable[[date], bool], start: int = 0, days: int = 366) -> date | None:
    """The first day from today + start on (within `days` days) that is wanted."""
    return next((d for d in (today + timedelta(n) for n in range(start, days + 1)) if wanted(d)), None)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@st.composite
def _said_days(draw: st.DrawFn) -> tuple[str, date, date | None, bool]:
    """(message, today, the day it means, whether its weekday disagrees with its date)."""
    today = draw(_DAYS)
    d, m = draw(st.integers(1, 31)), draw(st.integers(1, 12))
    form = draw(st.sampled_from(["relative", "weekday", "tgl", "d/m", "d month", "d/m/y"]))
    if form == "relative":
        word = draw(st.sampled_from(sorted(_RELATIVE_OFFSETS)))
        phrase, day = word, today + timedelta(days=_RELATIVE_OFFSETS[word])
    elif form == "weekday":
        wd = draw(st.integers(0, 6))  # "hari Senin" said on a Monday is next week's
        return f"hari {_WEEKDAY_NAMES[wd]}", today, _first_day(today, lambda x: x.weekday() == wd, start=1), False
    elif form == "tgl":
        phrase, day = f"tgl {d}", _first_day(today, lambda x: x.day == d, days=400)
    elif form in ("d/m", "d month"):
        phrase = f"{d}/{m}" if form == "d/m" else f"{d} {_MONTH_NAMES[m - 1]}"
        # This year's if it has not passed, else next year's (29/2 waits for a leap year only that long).
        day = next((x for x in (_valid(today.year, m, d), _valid(today.year + 1, m, d)) if x and x >= today), None)
    else:
        y = today.year + draw(st.sampled_from([-1, 0, 1, 2, 3]))
        phrase, written = f"{d}/{m}/{y}", _valid(y, m, d)
        # A written year: that date if it is still ahead and at most two years on, else nothing.
        day = written if written and written >= today and y <= today.year + 2 else None
    named = draw(st.none() | st.integers(0, 6))
    if named is None:
        return phrase, today, day, False
    return f"hari {_WEEKDAY_NAMES[named]} {phrase}", today, day, day is not None and day.weekday() != named


# Written out in full, from Saturday 28 November 2026 (TODAY) unless said otherwise.
@example(said=("hari senin", TODAY, date(2026, 11, 30), False))
@example(said=("hari sabtu", TODAY, date(2026, 12, 5), False))  # said on a Saturday: next week's
@example(said=("tgl 28", TODAY, TODAY, False))
@example(said=("27/11", TODAY, date(2027, 11, 27), False))
@example(said=("hari selasa 7 desember", TODAY, date(2026, 12, 7), True))  # 7 December 2026 is a Monday
@example(said=("hari kamis 7/12/2028", TODAY, date(2028, 12, 7), False))  # two years ahead at most
@example(said=("7/1/2029", TODAY, None, False))
@example(said=("29/2", date(2027, 3, 1), date(2028, 2, 29), False))
@example(said=("30 februari", TODAY, None, False))
@given(said=_said_days())
def test_a_written_day_is_the_first_such_day_from_today(said: tuple[str, date, date | None, bool]) -> None:
    text, today, day, mismatch = said
    assert read_future_day(text, today) == (day, mismatch), text
    meeting = read_meeting(f"undang kelompok Melati {text} jam 9 di balai", today)
    assert (meeting.day, meeting.weekday_mismatch) == (day, mismatch), text


@given(today=_DAYS, name=st.sampled_from(sorted(WEEKDAYS)))
def test_a_weekday_is_the_next_one_after_today(today: date, name: str) -> None:
    day, _ = read_future_day(f"hari {name}", today)
    assert day is not None
    assert day.weekday() == WEEKDAYS[name]
    assert today < day <= today + timedelta(days=7)


@given(text=st.text(max_size=120))
def test_readers_never_raise(text: str) -> None:
    read_rsvp(text)
    read_meeting(text, TODAY)
    read_change(text, TODAY)
    read_groups(text)
    read_time(text)
    said = read_attendance(text)
    if said is not None:
        assert list(said.absent) == sorted(set(said.absent))
        assert list(said.present) == sorted(set(said.present))


@given(text=_MESSAGES)
def test_clock_and_vague_time_exclude_each_other(text: str) -> None:
    at, vague = read_time(text)
    assert at is None or vague is None


@given(reason=st.sampled_from(["anak sakit", "ada acara keluarga", "kerja", "jaga warung"]))
def test_negation_wins_over_hadir(reason: str) -> None:
    for refusal in ("tidak hadir", "ga bisa datang", "gak dtg", "teu tiasa sumping", "tidak bisa hadir bu"):
        assert read_rsvp(refusal).coming is False
        assert read_rsvp(f"{refusal}, {reason}") == Rsvp(False, reason)
        assert read_rsvp(f"{refusal} karena {reason}") == Rsvp(False, reason)
