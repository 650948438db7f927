"""Messages we start: free text inside the 24-hour window, a template outside, never past the daily limit."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.db import session_scope
from bot.messaging.models import OutboxMessage
from bot.messaging.reach import Reacher, inside_window
from bot.roster.identity import get_contact, opt_out

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
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
