"""Every completed PENA questionnaire of a KPM is kept (pena_answer); what she and her pendamping get is unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.db import session_scope
from bot.knowledge import pena_chat
from bot.knowledge.models import PenaAnswer
from bot.roster.identity import identify
from bot.roster.importer import import_roster
from bot.roster.models import Kpm, PendampingNote

ROSTER = Path(__file__).parent.parent / "data" / "roster_good.csv"
RINA, EUIS, NINING = "+6281220000001", "+6281220000003", "+6281220000005"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def answers(session, phone: str) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    kpm_id = session.scalar(select(Kpm.id).where(Kpm.phone == phone))
    rows = session.scalars(select(PenaAnswer).where(PenaAnswer.kpm_id == kpm_id).order_by(PenaAnswer.id))
    return [(a.age, a.business, a.willing, a.vulnerable, a.eligible, a.answered_at) for a in rows]


def test_every_answer_is_kept_eligible_or_not(db_url: str) -> None:
    with session_scope(db_url) as session:
        import_roster(session, ROSTER.read_bytes())
        nining = identify(session, NINING)
        pena_chat.result(session, nining, 34, "seblak", True, False, now=NOW)
        later = pena_chat.result(session, nining, 34, "seblak", False, False, now=NOW + timedelta(days=40))
        pena_chat.result(session, identify(session, EUIS), 45, None, True, True, now=NOW)
    assert "utter_pena_result" in [s.response for s in later.says]
    with session_scope(db_url) as session:
        assert answers(session, NINING) == [
            (34, "seblak", True, False, True, NOW),
            (34, "seblak", False, False, False, NOW + timedelta(days=40)),
        ]
        assert answers(session, EUIS) == [(45, None, True, True, False, NOW)]
        # The note for her pendamping is left only when she looks eligible and is willing, as before.
        notes = session.scalars(select(PendampingNote)).all()
        assert [n.text.split(" (")[0] for n in notes] == ["Nining Suryani"]


def test_someone_not_in_the_roster_as_kpm_gets_her_answer_and_nothing_is_stored(db_url: str) -> None:
    with session_scope(db_url) as session:
        import_roster(session, ROSTER.read_bytes())
        pena_chat.result(session, identify(session, RINA), 30, "warung", True, False, now=NOW)
        pena_chat.result(session, identify(session, "+6281299999999"), 30, "warung", True, False, now=NOW)
    with session_scope(db_url) as session:
        assert session.scalars(select(PenaAnswer)).all() == []
