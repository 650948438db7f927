"""The migrations build exactly the schema the models describe (nothing forgotten in a revision)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from bot.db import get_engine, session_scope
from bot.messaging import questions
from bot.migrate import upgrade
from bot.models import Base


def test_migrated_database_matches_the_models(db_url: str) -> None:
    with get_engine(db_url).connect() as connection:
        context = MigrationContext.configure(connection)
        diff = [d for d in compare_metadata(context, Base.metadata) if "apscheduler" not in str(d)]
    assert diff == []


def test_open_drafts_and_pending_erasures_carry_over_to_the_question_table(tmp_path: Path) -> None:
    """0008 replaces meeting_draft and contact.consent_pending: a question open at upgrade time stays open."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0007")
    asked = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO pendamping (id, name, phone, tz) VALUES (1, 'Rina', '+6281220000001', 'Asia/Jakarta')")
        )
        conn.execute(
            text("INSERT INTO meeting_draft (pendamping_id, kind, payload, created_at) VALUES (1, 'cancel', :p, :t)"),
            {"p": json.dumps({"meeting_id": 7}), "t": asked.replace(tzinfo=None)},
        )
        conn.execute(
            text(
                "INSERT INTO contact (phone, language, language_source, consent_pending, consent_pending_at, "
                "failures_in_row, created_at) VALUES ('+6281220000002', 'id', 'auto', 'delete', :t, 0, :t)"
            ),
            {"t": asked.replace(tzinfo=None)},
        )
    engine.dispose()
    upgrade(url)
    with session_scope(url) as session:
        draft = questions.waiting(session, "+6281220000001", "meeting", now=asked + timedelta(minutes=5))
        erase = questions.waiting(session, "+6281220000002", "consent_erase", now=asked + timedelta(minutes=5))
        assert draft is not None and draft.payload == {"kind": "cancel", "plan": {"meeting_id": 7}}
        assert erase is not None and erase.asked_at == asked
        assert questions.waiting(session, "+6281220000002", "consent_erase", now=asked + timedelta(minutes=31)) is None
