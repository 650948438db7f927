"""The one question we are waiting on from her, and how it ends.

Every question a service asks outside a Rasa form (a ledger entry's "Betul?" or
"penjualan atau belanja?", a meeting read-back, the second yes before erasing her
data) is one row of `open_question`: what was asked, for which purpose, its
payload and expiry. A newer question replaces an older one, so a bare "ya" or
"2" always has one owner. Forms stay in Rasa; `forget` ends both from outside
Rasa (a quiet gap, "stop"), through Rasa's tracker events API.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.messaging import rasa_client
from bot.messaging.models import InboundMessage, OpenQuestion
from bot.roster.phone import mask_phone

log = logging.getLogger(__name__)

# Every Rasa slot that holds a half-answered form question (domain.yml); actions/questions.py clears the same.
QUESTION_SLOTS = (
    "requested_slot",
    "meeting_detail",
    "pena_age",
    "pena_business",
    "pena_willing",
    "pena_vulnerable",
    "paused_form",
)


@dataclass(frozen=True)
class Question:
    purpose: str
    payload: dict[str, Any]
    asked_in: str | None
    asked_at: datetime


def ask(
    session: Session,
    phone: str,
    purpose: str,
    payload: dict[str, Any],
    *,
    ttl: timedelta,
    asked_in: str | None = None,
    now: datetime | None = None,
) -> None:
    """Wait for her answer to this question; it replaces whatever we asked before."""
    now = now or utcnow()
    row = session.get(OpenQuestion, phone)
    if row is None:
        row = OpenQuestion(phone=phone)
        session.add(row)
    row.purpose, row.payload, row.asked_in = purpose, json.dumps(payload), asked_in
    row.asked_at, row.expires_at = now, now + ttl
    session.flush()


def waiting(
    session: Session, phone: str, purpose: str, *, now: datetime | None = None, next_of: str | None = None
) -> Question | None:
    """The open question of this purpose, unless it expired.

    next_of: the MessageSid she is writing now. Given, the question counts only if it was asked
    in the reply to her message just before (she has not moved on to something else since).
    """
    row = session.get(OpenQuestion, phone)
    if row is None or row.purpose != purpose:
        return None
    if (now or utcnow()) >= row.expires_at:
        session.delete(row)
        session.flush()
        return None
    if next_of and row.asked_in and _message_before(session, phone, next_of) not in (row.asked_in, next_of):
        return None
    return Question(row.purpose, json.loads(row.payload), row.asked_in, row.asked_at)


def close(session: Session, phone: str, purpose: str | None = None) -> bool:
    """Stop waiting (answered, cancelled or superseded); True if a question was open."""
    query = delete(OpenQuestion).where(OpenQuestion.phone == phone)
    if purpose is not None:
        query = query.where(OpenQuestion.purpose == purpose)
    return bool(session.execute(query).rowcount)


def _message_before(session: Session, phone: str, sid: str) -> str | None:
    """The MessageSid of her message before `sid`; `sid` itself if it was not stored (Rasa used directly)."""
    current = session.scalar(select(InboundMessage.id).where(InboundMessage.message_sid == sid))
    if current is None:
        return sid
    return session.scalar(
        select(InboundMessage.message_sid)
        .where(InboundMessage.phone == phone, InboundMessage.id < current)
        .order_by(InboundMessage.id.desc())
        .limit(1)
    )


def quiet_too_long(session: Session, phone: str, before_id: int, ttl: timedelta) -> bool:
    """Did her previous message come longer ago than `ttl` (so whatever we asked then has lapsed)?"""
    previous = session.scalar(
        select(InboundMessage.received_at)
        .where(InboundMessage.phone == phone, InboundMessage.id < before_id)
        .order_by(InboundMessage.id.desc())
        .limit(1)
    )
    return previous is not None and utcnow() - previous > ttl


def forget(settings: Settings, phone: str) -> None:
    """Close the open question and end any form in Rasa, so her next message starts clean."""
    with session_scope(settings.database_url) as session:
        close(session, phone)
    end_forms(settings, phone)


def end_forms(settings: Settings, phone: str) -> None:
    """End any Rasa form and clear its slots, through Rasa's tracker events API.

    Best effort: consent must work while Rasa is down (a form's slots are only read inside the form).
    """
    events = [{"event": "active_loop", "name": None}] + [
        {"event": "slot", "name": slot, "value": None} for slot in QUESTION_SLOTS
    ]
    try:
        rasa_client.append_events(settings.rasa_url, settings.rasa_token, phone, events)
    except rasa_client.RasaUnavailable as exc:
        log.warning("could not clear open questions of %s: %s", mask_phone(phone), exc)
