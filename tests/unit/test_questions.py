"""The one question we wait on: a newer question replaces an older one, and each ends on time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.db import session_scope
from bot.messaging import inbound, questions
from bot.messaging.inbound import InboundForm

PHONE = "+6281220000002"
T0 = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def _message(session: Session, sid: str) -> None:
    inbound.record_inbound(session, InboundForm(sid, PHONE, "x", 0, None))


def test_a_question_waits_until_its_expiry_and_is_then_gone(db_url: str) -> None:
    with session_scope(db_url) as session:
        questions.ask(session, PHONE, "meeting", {"kind": "cancel"}, ttl=timedelta(minutes=30), now=T0)
    with session_scope(db_url) as session:
        asked = questions.waiting(session, PHONE, "meeting", now=T0 + timedelta(minutes=29))
        assert asked is not None and asked.payload == {"kind": "cancel"} and asked.asked_at == T0
        assert questions.waiting(session, PHONE, "ledger", now=T0) is None, "another purpose's reader sees nothing"
    with session_scope(db_url) as session:
        assert questions.waiting(session, PHONE, "meeting", now=T0 + timedelta(minutes=30)) is None
    with session_scope(db_url) as session:
        assert questions.waiting(session, PHONE, "meeting", now=T0) is None, "an expired question is deleted"


def test_a_newer_question_replaces_the_older_one(db_url: str) -> None:
    with session_scope(db_url) as session:
        questions.ask(session, PHONE, "ledger", {"items": [1]}, ttl=timedelta(minutes=30), now=T0)
        questions.ask(session, PHONE, "consent_erase", {}, ttl=timedelta(minutes=30), now=T0)
    with session_scope(db_url) as session:
        assert questions.waiting(session, PHONE, "ledger", now=T0) is None
        assert questions.waiting(session, PHONE, "consent_erase", now=T0) is not None


def test_close_ends_only_the_named_purpose(db_url: str) -> None:
    with session_scope(db_url) as session:
        questions.ask(session, PHONE, "meeting", {}, ttl=timedelta(minutes=30), now=T0)
        assert questions.close(session, PHONE, "ledger") is False
        assert questions.waiting(session, PHONE, "meeting", now=T0) is not None
        assert questions.close(session, PHONE) is True
        assert questions.waiting(session, PHONE, "meeting", now=T0) is None


def test_a_one_turn_question_is_answered_only_by_her_next_message(db_url: str) -> None:
    """'Betul?' counts for the message right after it; once she wrote something else, a later 'ya' is not for it."""
    with session_scope(db_url) as session:
        _message(session, "SM1")
        questions.ask(session, PHONE, "ledger", {"n": 1}, ttl=timedelta(minutes=30), asked_in="SM1", now=T0)
        _message(session, "SM2")
        _message(session, "SM3")
    with session_scope(db_url) as session:
        assert questions.waiting(session, PHONE, "ledger", now=T0, next_of="SM2") is not None
        assert questions.waiting(session, PHONE, "ledger", now=T0, next_of="SM3") is None
        # Rasa used without the webhook (no stored message): the question counts.
        assert questions.waiting(session, PHONE, "ledger", now=T0, next_of="rasa:direct") is not None
