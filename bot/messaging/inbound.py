"""Inbound messages: stored first, answered once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.messaging.models import InboundMessage
from bot.messaging.text import Reply
from bot.roster.identity import touch_contact


@dataclass(frozen=True)
class InboundForm:
    """The fields of Twilio's webhook that we use."""

    message_sid: str
    phone: str
    body: str
    num_media: int
    profile_name: str | None


def record_inbound(session: Session, form: InboundForm) -> tuple[InboundMessage, bool]:
    """Store the message; (row, True) if new, (stored row, False) for a repeated MessageSid."""
    row = InboundMessage(message_sid=form.message_sid, phone=form.phone, body=form.body, num_media=form.num_media)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        existing = session.scalar(select(InboundMessage).where(InboundMessage.message_sid == form.message_sid))
        assert existing is not None
        return existing, False
    touch_contact(session, form.phone, form.profile_name, row.received_at)
    return row, True


def count_from(session: Session, phone: str) -> int:
    """How many messages she has sent us."""
    return session.scalar(select(func.count()).select_from(InboundMessage).where(InboundMessage.phone == phone)) or 0


def claim(session: Session, inbound_id: int) -> bool:
    """Take the message for relaying to Rasa; only one taker wins."""
    result = session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == inbound_id, InboundMessage.status.in_(("received", "pending")))
        .values(status="relaying", claimed_at=utcnow(), relay_attempts=InboundMessage.relay_attempts + 1)
    )
    session.commit()
    return result.rowcount == 1


def mark_pending(session: Session, inbound_id: int) -> None:
    session.execute(update(InboundMessage).where(InboundMessage.id == inbound_id).values(status="pending"))
    session.commit()


def mark_answered(session: Session, inbound_id: int, reply: Reply, via: str) -> None:
    row = session.get(InboundMessage, inbound_id)
    assert row is not None
    row.status, row.reply_text, row.reply_via, row.answered_at = "answered", reply.body, via, utcnow()
    row.reply_media = json.dumps(list(reply.media)) if reply.media else None


def stored_reply(row: InboundMessage) -> Reply:
    return Reply(row.reply_text or "", tuple(json.loads(row.reply_media)) if row.reply_media else ())


def due_for_relay(
    session: Session, stale_after: timedelta = timedelta(minutes=5), now: datetime | None = None
) -> list[int]:
    """Messages still owed an answer: pending, or claimed by a process that died."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(InboundMessage.id)
            .where(
                or_(
                    InboundMessage.status == "pending",
                    (InboundMessage.status == "relaying") & (InboundMessage.claimed_at < now - stale_after),
                )
            )
            .order_by(InboundMessage.received_at, InboundMessage.id)
        )
    )


def release_stale(session: Session, inbound_id: int) -> None:
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.id == inbound_id, InboundMessage.status == "relaying")
        .values(status="pending")
    )
    session.commit()
