"""Outbox rows are found by what they are about (columns), not by reading their keys back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from alembic import command
from sqlalchemy import select, text

from bot import clock
from bot.db import get_engine, session_scope
from bot.knowledge import pena_chat
from bot.meetings.chat import last_notice_at
from bot.meetings.report import fanout_rows
from bot.messaging import keys, outbox
from bot.messaging.models import OutboxMessage
from bot.migrate import alembic_config, upgrade
from bot.roster.identity import identify
from bot.roster.importer import import_roster
from bot.roster.models import Kpm

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
SITI, RINA = "+6281220000002", "+6281220000001"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_a_meetings_rows_are_its_own_not_those_of_a_meeting_whose_id_starts_alike(db_url: str) -> None:
    with session_scope(db_url) as session:
        for meeting_id in (1, 12):
            outbox.enqueue(session, keys.meeting_notice(meeting_id, 1, "invite", 3), SITI, "meeting_invite", "x")
        outbox.enqueue(session, keys.meeting_report(1, 1), RINA, "meeting_report", "laporan")
        outbox.enqueue(session, "nudge:3:2026-W49", SITI, "weekly_nudge", "y")
    with session_scope(db_url) as session:
        rows = fanout_rows(session, SimpleNamespace(id=1))  # type: ignore[arg-type]
        assert [(r.key, r.meeting_id) for r in rows] == [("meeting:1:invite:3", 1)]
        invitation = SimpleNamespace(meeting_id=12, kpm=SimpleNamespace(phone=SITI), invited_at=None)
        (row12,) = session.scalars(select(OutboxMessage).where(OutboxMessage.meeting_id == 12)).all()
        assert last_notice_at(session, invitation) == row12.created_at  # type: ignore[arg-type]


def test_the_migration_fills_the_meeting_of_rows_queued_before_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0008")
    stamp = "2026-12-01 03:00:00"
    with get_engine(url).begin() as conn:
        for key, purpose in (
            ("meeting:12:invite:3", "meeting_invite"),
            ("meeting:12:v2:remind:day_before:3", "meeting_remind"),
            ("meeting:7:v1:report", "meeting_report"),
            ("nudge:3:2026-W48", "weekly_nudge"),
            ("reply:SM1:0", "reply"),
        ):
            conn.execute(
                text(
                    "INSERT INTO outbox_message (key, purpose, phone, status, attempts, next_attempt_at, created_at,"
                    " updated_at) VALUES (:key, :purpose, :phone, 'sent', 1, :t, :t, :t)"
                ),
                {"key": key, "purpose": purpose, "phone": SITI, "t": stamp},
            )
    upgrade(url)
    with get_engine(url).connect() as conn:
        found = dict(conn.execute(text("SELECT key, meeting_id FROM outbox_message")).all())
    assert found == {
        "meeting:12:invite:3": 12,
        "meeting:12:v2:remind:day_before:3": 12,
        "meeting:7:v1:report": 7,
        "nudge:3:2026-W48": None,
        "reply:SM1:0": None,
    }
    command.downgrade(alembic_config(url), "0008")
    with get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox_message")).scalar() == 5


def test_the_pena_note_is_dated_by_the_shared_clock_in_the_pendampings_day(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = datetime(2030, 1, 1, 18, 0, tzinfo=UTC)  # already 2 January in Jakarta
    clock_file = tmp_path / "clock"
    clock.set_offset(clock_file, (moved - datetime.now(UTC)).total_seconds())
    monkeypatch.setenv("CLOCK_FILE", str(clock_file))
    nining = "+6281220000005"
    with session_scope(db_url) as session:
        import_roster(session, ROSTER.read_bytes())
        pena_chat.result(session, identify(session, nining), 34, "seblak", True, False)
        pena_chat.result(session, identify(session, nining), 34, "seblak", True, False, now=moved + timedelta(hours=1))
        kpm_id = session.scalar(select(Kpm.id).where(Kpm.phone == nining))
        (row,) = session.scalars(select(OutboxMessage)).all()
        assert (row.key, row.phone, row.purpose) == (f"pena-interest:{kpm_id}:2030-01-02", RINA, "pendamping_note")
        assert "Nining Suryani" in (row.body or "")
