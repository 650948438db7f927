"""Questions she has moved away from: forgotten after a quiet while, or when she says "stop".

The open question itself lives where it is asked (Rasa's form and slots, the
meeting draft table); this module only ends it from outside Rasa, through
Rasa's tracker events API, so the next message starts clean.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.messaging import rasa_client
from bot.messaging.models import InboundMessage
from bot.roster.phone import mask_phone

log = logging.getLogger(__name__)

# Every Rasa slot that holds a half-answered question (domain.yml); actions/questions.py clears the same.
QUESTION_SLOTS = (
    "requested_slot",
    "pending_ledger",
    "meeting_detail",
    "pena_age",
    "pena_business",
    "pena_willing",
    "pena_vulnerable",
    "paused_form",
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
    """End any form, clear the question slots in Rasa and drop a half-made meeting plan.

    Rasa's part is best effort: consent must work while Rasa is down (the plan's own expiry covers the rest).
    """
    from bot.meetings.plans import drop_draft  # meetings sits above messaging
    from bot.roster.groups import pendamping_of

    with session_scope(settings.database_url) as session:
        pendamping = pendamping_of(session, phone)
        if pendamping is not None:
            drop_draft(session, pendamping)
    events = [{"event": "active_loop", "name": None}] + [
        {"event": "slot", "name": slot, "value": None} for slot in QUESTION_SLOTS
    ]
    try:
        rasa_client.append_events(settings.rasa_url, settings.rasa_token, phone, events)
    except rasa_client.RasaUnavailable as exc:
        log.warning("could not clear open questions of %s: %s", mask_phone(phone), exc)
