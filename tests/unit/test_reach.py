"""Messages we start: free text inside the 24-hour window, a template outside, never past the daily limit."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.messaging import keys
from bot.messaging.models import OutboxMessage
from bot.messaging.reach import (
    PURPOSES,
    WINDOW,
    WINDOW_MARGIN,
    Content,
    QuietHours,
    Reacher,
    held_at_send,
    inside_window,
    opted_out,
    quiet_until,
)
from bot.roster.identity import get_contact, opt_out
from bot.roster.models import Contact

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
JAKARTA = ZoneInfo("Asia/Jakarta")
SID = "HX" + "a" * 32


@pytest.fixture(autouse=True)
def invitation_template(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_CONTENT_MEETING_INVITATION_ID", SID)
    monkeypatch.delenv("TWILIO_CONTENT_MEETING_REMINDER_ID", raising=False)


def phone(i: int) -> str:
    return f"+628122{i:07d}"


def send(reacher: Reacher, i: int, template: str = "meeting_invitation", language: str = "id") -> str:
    values = {"name": f"Ibu {i}", "kelompok": "Melati", "when": "Senin", "place": "Balai", "topic": "-"}
    return reacher.send(f"t:{i}", phone(i), "meeting_invite", f"teks {i}", template, values, language)


def test_window_decides_between_free_text_and_template(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW - timedelta(hours=2)
        get_contact(session, phone(2)).last_inbound_at = NOW - timedelta(hours=23, minutes=50)  # margin: closed
        reacher = Reacher(session, NOW, daily_limit=250)
        assert [send(reacher, 1), send(reacher, 2), send(reacher, 3), send(reacher, 1)] == [
            "free_text",
            "template",
            "template",
            "already",
        ]
        rows = {r.phone: r for r in session.scalars(select(OutboxMessage))}
        assert rows[phone(1)].body == "teks 1" and rows[phone(1)].content_sid is None
        assert rows[phone(2)].content_sid == SID and rows[phone(2)].body is None
        assert rows[phone(2)].content_variables == (
            '{"1": "Ibu 2", "2": "Melati", "3": "Senin", "4": "Balai", "5": "-"}'
        )


def test_sundanese_falls_back_to_the_indonesian_template_and_missing_one_is_reported(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        reacher = Reacher(session, NOW, daily_limit=250)
        assert send(reacher, 1, language="su") == "template"
        assert send(reacher, 2, template="meeting_reminder") == "no_template"
        assert reacher.result.unreachable == {phone(2): "no_template"}


def test_opted_out_is_never_queued(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW
        opt_out(session, phone(1), "test")
        reacher = Reacher(session, NOW, daily_limit=250)
        assert send(reacher, 1) == "opted_out"
        assert session.scalars(select(OutboxMessage)).all() == []


def test_daily_limit_defers_the_rest_and_warns(settings: Settings) -> None:
    limit = 5
    with session_scope(settings.database_url) as session:
        reacher = Reacher(session, NOW, daily_limit=limit)
        outcomes = [send(reacher, i) for i in range(8)]
        assert outcomes == ["template"] * 5 + ["deferred"] * 3
        assert reacher.result.limit_warning
        deferred = session.scalars(select(OutboxMessage).where(OutboxMessage.next_attempt_at > NOW)).all()
        assert len(deferred) == 3 and all(r.next_attempt_at == NOW + timedelta(hours=24) for r in deferred)
    with session_scope(settings.database_url) as session:
        # An hour later the window is still full; a reminder that cannot wait past its meeting is not queued.
        later = Reacher(session, NOW + timedelta(hours=1), daily_limit=limit)
        values = {"name": "x"}
        not_after = NOW + timedelta(hours=3)
        assert later.send("r:9", phone(9), "meeting_invite", "t", "meeting_invitation", values, "id", not_after) == (
            "daily_limit"
        )


def test_inside_window_needs_a_message_from_her() -> None:
    assert not inside_window(None, NOW)
    contact = dataclasses.make_dataclass("C", [("last_inbound_at", object)])(None)
    assert not inside_window(contact, NOW)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the gate, purpose by purpose


def contact_at(last: datetime | None) -> SimpleNamespace:
    return SimpleNamespace(last_inbound_at=last, opted_out_at=None)


@pytest.mark.parametrize(
    ("ago", "open_"),
    [
        (timedelta(0), True),
        (WINDOW - WINDOW_MARGIN - timedelta(seconds=1), True),
        (WINDOW - WINDOW_MARGIN, False),  # the margin: a message queued now may leave a little later
        (WINDOW - timedelta(minutes=1), False),
        (WINDOW + timedelta(hours=1), False),
    ],
)
def test_window_and_its_margin_on_plain_values(ago: timedelta, open_: bool) -> None:
    assert inside_window(contact_at(NOW - ago), NOW) is open_  # type: ignore[arg-type]


def test_opted_out_and_held_at_send_on_plain_values() -> None:
    stopped = SimpleNamespace(last_inbound_at=NOW, opted_out_at=NOW)
    assert opted_out(stopped) and not opted_out(contact_at(NOW)) and not opted_out(None)  # type: ignore[arg-type]
    assert held_at_send(stopped, "meeting_invite") and held_at_send(stopped, "test")  # type: ignore[arg-type]
    assert not held_at_send(stopped, "reply"), "answers to her own messages still go"  # type: ignore[arg-type]
    assert not held_at_send(contact_at(NOW), "weekly_nudge")  # type: ignore[arg-type]


def test_quiet_hours_on_plain_values() -> None:
    hours = QuietHours(time(20, 0), time(7, 0))
    assert hours.covers(time(20, 0)) and hours.covers(time(3, 0)) and not hours.covers(time(7, 0))
    late = datetime(2026, 11, 29, 22, 15, tzinfo=JAKARTA)
    assert hours.end_after(late) == datetime(2026, 11, 30, 7, 0, tzinfo=JAKARTA)
    assert quiet_until("weekly_nudge", late) == datetime(2026, 11, 30, 7, 0, tzinfo=JAKARTA)
    assert quiet_until("weekly_nudge", late.replace(hour=18)) is None
    assert quiet_until("meeting_invite", late) is None, "only the nudge keeps the quiet hours"


@pytest.mark.parametrize("purpose", sorted(p for p, spec in PURPOSES.items() if not spec.answers_her))
def test_nobody_who_stopped_gets_any_purpose_even_inside_the_window(settings: Settings, purpose: str) -> None:
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW - timedelta(hours=1)
        opt_out(session, phone(1), "test")
        gate = Reacher.for_settings(session, settings, NOW)
        assert gate.send(f"k:{purpose}", phone(1), purpose, "teks") == "opted_out"
        assert session.scalars(select(OutboxMessage)).all() == []


def test_what_she_asked_for_goes_like_a_reply_even_if_she_stopped(settings: Settings) -> None:
    """The sign-in link answers her own "link dasbor": her opt-out stops what we start, not what she asks."""
    assert [p for p, spec in PURPOSES.items() if spec.answers_her] == ["dashboard_link"]
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW - timedelta(minutes=1)
        opt_out(session, phone(1), "test")
        gate = Reacher.for_settings(session, settings, NOW)
        assert gate.send("k:link", phone(1), "dashboard_link", "link") == "free_text"
        assert held_at_send(session.get(Contact, phone(1)), "dashboard_link") is False
        # Outside her window it is not sent at all (no template exists for it).
        assert gate.send("k:link2", phone(2), "dashboard_link", "link") == "outside_window"


@pytest.mark.parametrize(
    ("purpose", "env"),
    [
        ("meeting_invite", "TWILIO_CONTENT_MEETING_INVITATION_ID"),
        ("meeting_change", "TWILIO_CONTENT_MEETING_CHANGED_ID"),
        ("meeting_cancel", "TWILIO_CONTENT_MEETING_CANCELLED_ID"),
        ("meeting_remind", "TWILIO_CONTENT_MEETING_REMINDER_ID"),
        ("weekly_nudge", "TWILIO_CONTENT_WEEKLY_NUDGE_ID"),
    ],
)
def test_outside_the_window_each_purpose_takes_its_own_template(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, purpose: str, env: str
) -> None:
    monkeypatch.setenv(env, "HX" + "7" * 32)
    with session_scope(settings.database_url) as session:
        gate = Reacher.for_settings(session, settings, NOW)
        assert gate.send("k", phone(1), purpose, "teks", values={"name": "Ibu"}) == "template"
        (row,) = session.scalars(select(OutboxMessage)).all()
        assert row.content_sid == "HX" + "7" * 32 and row.body is None and row.purpose == purpose


@pytest.mark.parametrize("purpose", ["weekly_chart", "meeting_report"])
def test_without_a_template_outside_the_window_is_skipped_and_nothing_is_drawn(
    settings: Settings, purpose: str
) -> None:
    drawn: list[int] = []

    def draw() -> Content:
        drawn.append(1)
        return Content("Grafik", "https://example.test/m/x.png")

    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW - timedelta(hours=2)
        get_contact(session, phone(2)).last_inbound_at = NOW - timedelta(hours=23, minutes=50)  # margin: closed
        gate = Reacher(session, NOW)  # no daily limit needed: these never start a conversation
        assert [gate.send(f"c:{i}", phone(i), purpose, draw) for i in (1, 2, 3)] == [
            "free_text",
            "outside_window",
            "outside_window",
        ]
        assert gate.send("c:1", phone(1), purpose, draw) == "already"
        assert len(drawn) == 1, "drawn only for the one it could go to"
        (row,) = session.scalars(select(OutboxMessage)).all()
        assert (row.phone, row.body, row.media_url) == (phone(1), "Grafik", "https://example.test/m/x.png")
        assert gate.result.unreachable == {phone(2): "outside_window", phone(3): "outside_window"}


def test_the_pendamping_note_goes_as_free_text_even_outside_the_window(settings: Settings) -> None:
    # As it always went: the note also waits in PendampingNote (no template exists for it yet).
    with session_scope(settings.database_url) as session:
        assert Reacher(session, NOW).send("n:1", phone(1), "pendamping_note", "📝 PENA") == "free_text"
        (row,) = session.scalars(select(OutboxMessage)).all()
        assert row.body == "📝 PENA" and row.content_sid is None


def test_free_text_does_not_count_against_the_daily_limit(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        for i in range(3):
            get_contact(session, phone(i)).last_inbound_at = NOW - timedelta(hours=1)
        gate = Reacher(session, NOW, daily_limit=1)
        assert [send(gate, i) for i in range(5)] == ["free_text"] * 3 + ["template", "deferred"]


def test_the_nudge_waits_out_the_quiet_hours_in_the_gates_zone(settings: Settings) -> None:
    night = datetime(2026, 11, 29, 14, 30, tzinfo=UTC)  # 21:30 in Jakarta, 15:30 in London
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = night - timedelta(hours=1)
        jakarta = Reacher.for_settings(session, settings, night, tz="Asia/Jakarta")
        assert jakarta.send("q:1", phone(1), "weekly_nudge", "teks") == "quiet_hours"
        assert jakarta.result.held_until == datetime(2026, 11, 30, 7, 0, tzinfo=JAKARTA)
        assert jakarta.send("q:2", phone(1), "meeting_invite", "teks") == "free_text", "meetings keep no quiet hours"
        london = Reacher.for_settings(session, settings, night, tz="Europe/London")
        assert london.send("q:1", phone(1), "weekly_nudge", "teks") == "free_text"
        with pytest.raises(ValueError, match="time zone"):
            Reacher(session, night, 250).send("q:3", phone(1), "weekly_nudge", "teks")


def test_a_reminder_waits_while_she_is_mid_conversation(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW - timedelta(minutes=2)
        gate = Reacher.for_settings(session, dataclasses.replace(settings, conversation_quiet_minutes=5), NOW)
        assert gate.send("b:1", phone(1), "meeting_remind", "Pengingat") == "busy"
        assert gate.send("b:2", phone(1), "meeting_invite", "Undangan") == "free_text"
        assert gate.result.waiting == [phone(1)] and gate.result.unreachable == {}
        later = Reacher.for_settings(session, settings, NOW + timedelta(minutes=4))
        assert later.send("b:1", phone(1), "meeting_remind", "Pengingat") == "free_text"


def test_only_messages_we_start_pass_the_gate(settings: Settings) -> None:
    with session_scope(settings.database_url) as session:
        with pytest.raises(ValueError, match="not a message we start"):
            Reacher(session, NOW, 250).send("r:1", phone(1), "reply", "Halo")
        with pytest.raises(ValueError, match="daily limit"):
            Reacher(session, NOW).send("t:1", phone(1), "meeting_invite", "teks", values={})


def test_keys_keep_their_format_and_carry_the_meeting(settings: Settings) -> None:
    sunday = date(2026, 11, 29)
    assert keys.meeting_notice(7, 2, "invite", 5).text == "meeting:7:invite:5"
    assert keys.meeting_notice(7, 2, "cancel", 5).text == "meeting:7:cancel:5"
    assert keys.meeting_notice(7, 2, "change", 5).text == "meeting:7:v2:change:5"
    assert keys.meeting_notice(7, 2, "remind", 5, "day_before").text == "meeting:7:v2:remind:day_before:5"
    assert keys.meeting_report(7, 2) == keys.Key("meeting:7:v2:report", meeting_id=7)
    assert keys.weekly_nudge(5, sunday).text == "nudge:5:2026-W48"
    assert keys.weekly_chart(5, sunday).text == "weekly-chart:5:2026-W48"
    assert keys.pena_interest(5, sunday).text == "pena-interest:5:2026-11-29"
    assert keys.reply("SM1").text == "reply:SM1" and keys.part(keys.reply("SM1"), 0).text == "reply:SM1:0"
    with pytest.raises(ValueError):
        keys.meeting_notice(7, 2, "remind", 5)
    with session_scope(settings.database_url) as session:
        get_contact(session, phone(1)).last_inbound_at = NOW - timedelta(hours=1)
        assert Reacher(session, NOW).send(keys.meeting_report(7, 2), phone(1), "meeting_report", "laporan") == (
            "free_text"
        )
        assert Reacher(session, NOW).send(keys.meeting_report(7, 2), phone(1), "meeting_report", "laporan") == (
            "already"
        )
        (row,) = session.scalars(select(OutboxMessage)).all()
        assert (row.key, row.meeting_id) == ("meeting:7:v2:report", 7)
